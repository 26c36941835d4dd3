import type { From, Instruction } from 'dockerfile-ast';
import type { DockerFile, OffsetRange } from '../../../engine/types';
import { globalArgs, resolveVariables, type ArgValue } from './args';

/** One build stage: its FROM and the instructions up to the next FROM. */
export interface Stage {
  from: From;
  /** `AS <name>`, lower-cased as Docker compares stage names. */
  name: string | undefined;
  instructions: Instruction[];
  /** The stage this one is built `FROM`, when its image names an earlier stage. */
  parent: Stage | undefined;
}

export function stages(file: DockerFile): Stage[] {
  const result: Stage[] = [];
  let current: Stage | undefined;
  for (const instruction of file.dockerfile.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const from = instruction as From;
      const image = (from.getImage() ?? '').toLowerCase();
      current = {
        from,
        name: from.getBuildStage()?.toLowerCase() ?? undefined,
        instructions: [],
        parent: result.find((s) => s.name !== undefined && s.name === image),
      };
      result.push(current);
    } else if (current) {
      current.instructions.push(instruction);
    }
  }
  return result;
}

/**
 * The instructions that end up in the image that runs: the final stage's and those of the
 * stages it is built `FROM`. Build stages that only feed `COPY --from` are left out.
 */
export function runtimeInstructions(file: DockerFile): Set<Instruction> {
  const all = stages(file);
  const result = new Set<Instruction>();
  for (let s: Stage | undefined = all[all.length - 1]; s; s = s.parent) for (const i of s.instructions) result.add(i);
  return result;
}

export function instructionRange(file: DockerFile, instruction: Instruction): OffsetRange {
  const range = instruction.getRange();
  return { start: file.offsetAt(range.start), end: file.offsetAt(range.end) };
}

export function rangeOfLsp(file: DockerFile, range: { start: { line: number; character: number }; end: { line: number; character: number } }): OffsetRange {
  return { start: file.offsetAt(range.start), end: file.offsetAt(range.end) };
}

export interface BaseImage {
  stage: Stage;
  /** The image after ARG substitution. */
  image: string;
  /** The FROM line's image text as written (`${BASE}`). */
  written: string;
  range: OffsetRange;
  /** ARG defaults the substitution used. */
  used: ArgValue[];
}

/**
 * The external images the build starts from: every FROM whose image (after ARG defaults
 * are substituted) is neither `scratch` nor an earlier stage, and is fully known.
 */
export function baseImages(file: DockerFile): BaseImage[] {
  const vars = globalArgs(file);
  const earlierStages = new Set<string>();
  const result: BaseImage[] = [];
  for (const stage of stages(file)) {
    const written = stage.from.getImage();
    const rangeLsp = stage.from.getImageRange();
    const resolved = written ? resolveVariables(written, vars) : undefined;
    const image = resolved?.value;
    const internal = image !== undefined && (image.toLowerCase() === 'scratch' || earlierStages.has(image.toLowerCase()));
    if (stage.name) earlierStages.add(stage.name);
    if (!written || !image || !rangeLsp || internal) continue;
    result.push({ stage, image, written, range: rangeOfLsp(file, rangeLsp), used: resolved.used });
  }
  return result;
}
