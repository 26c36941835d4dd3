import type { From, Instruction } from 'dockerfile-ast';
import type { DockerFile, OffsetRange } from '../../core/types';

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

export function instructionRange(file: DockerFile, instruction: Instruction): OffsetRange {
  const range = instruction.getRange();
  return { start: file.offsetAt(range.start), end: file.offsetAt(range.end) };
}

export function rangeOfLsp(file: DockerFile, range: { start: { line: number; character: number }; end: { line: number; character: number } }): OffsetRange {
  return { start: file.offsetAt(range.start), end: file.offsetAt(range.end) };
}
