import type { Node } from '@vscode/tree-sitter-wasm';
import { Onbuild, type Instruction } from 'dockerfile-ast';
import { memoOf } from '../../../engine/memo';
import { walk } from '../../../engine/syntax';
import type { DockerFile, OffsetRange } from '../../../engine/types';

export interface ShellCommand {
  /** Command name with any `sudo`/`env` prefix removed (`sudo bash` → `bash`). */
  name: string;
  /** Whether it ran under sudo. */
  sudo: boolean;
  args: string[];
  argRanges: OffsetRange[];
  range: OffsetRange;
  nameRange: OffsetRange;
}

export interface ShellPipeline {
  commands: ShellCommand[];
  range: OffsetRange;
}

export interface RunScript {
  /** The RUN, or the ONBUILD that carries it. */
  instruction: Instruction;
  commands: ShellCommand[];
  pipelines: ShellPipeline[];
}

const WRAPPERS = new Set(['sudo', 'env', 'nohup', 'exec', 'time']);

/**
 * The shell commands of every shell-form RUN instruction, parsed with tree-sitter-bash over
 * the raw instruction text (continuations included), so ranges map back to the Dockerfile.
 */
export function runScripts(file: DockerFile): RunScript[] {
  // Four rules read the same scripts: parse each RUN line once per analysis, not once per rule.
  return memoOf(file)(RUN_SCRIPTS, () => parseRunScripts(file));
}

const RUN_SCRIPTS = Symbol('parsed RUN scripts');

function parseRunScripts(file: DockerFile): RunScript[] {
  const scripts: RunScript[] = [];
  for (const instruction of file.dockerfile.getInstructions()) {
    // `ONBUILD RUN …` runs in every build that starts FROM this image: the same shell, later.
    const run = instruction instanceof Onbuild ? instruction.getTriggerInstruction() : instruction;
    if (run?.getKeyword() !== 'RUN') continue;
    const argsRange = run.getArgumentsRange();
    if (!argsRange) continue;
    const start = file.offsetAt(argsRange.start);
    const end = file.offsetAt(argsRange.end);
    const raw = file.text.slice(start, end);
    if (raw.trimStart().startsWith('[')) continue; // exec form: no shell runs
    const script = file.withShellSyntax(raw, (root) => {
      const commands: ShellCommand[] = [];
      const pipelines: ShellPipeline[] = [];
      walk(root, (node) => {
        if (node.type === 'command') {
          const command = toCommand(node, start);
          if (command) commands.push(command);
        } else if (node.type === 'pipeline') {
          const parts = node.namedChildren.filter((c): c is Node => c !== null && c.type === 'command').map((c) => toCommand(c, start));
          pipelines.push({
            commands: parts.filter((c): c is ShellCommand => c !== undefined),
            range: { start: start + node.startIndex, end: start + node.endIndex },
          });
        }
      });
      return { commands, pipelines };
    });
    scripts.push({ instruction, ...script });
  }
  return scripts;
}

function toCommand(node: Node, base: number): ShellCommand | undefined {
  const nameNode = node.childForFieldName('name');
  if (!nameNode) return undefined;
  const words = [nameNode, ...node.childrenForFieldName('argument').filter((n): n is Node => n !== null)];
  let i = 0;
  let sudo = false;
  // Skip wrappers and their flags: `sudo -E bash`, `env FOO=1 sh`.
  while (i < words.length - 1 && WRAPPERS.has(unquote(words[i].text))) {
    if (unquote(words[i].text) === 'sudo') sudo = true;
    i++;
    while (i < words.length - 1 && (words[i].text.startsWith('-') || words[i].text.includes('='))) i++;
  }
  const nameAt = words[i];
  const rest = words.slice(i + 1);
  return {
    name: unquote(nameAt.text).split('/').pop() ?? '',
    sudo,
    args: rest.map((w) => unquote(w.text)),
    argRanges: rest.map((w) => ({ start: base + w.startIndex, end: base + w.endIndex })),
    range: { start: base + node.startIndex, end: base + node.endIndex },
    nameRange: { start: base + nameNode.startIndex, end: base + nameNode.endIndex },
  };
}

function unquote(text: string): string {
  return text.length >= 2 && (text[0] === '"' || text[0] === "'") && text[text.length - 1] === text[0] ? text.slice(1, -1) : text;
}
