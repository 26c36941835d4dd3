/**
 * The Findings view (ThreatLint activity bar container): the workspace scan's open findings by
 * STRIDE category → rule → file → finding, with counts, and actions to fix, suppress or open the
 * rule's doc, which the server answers by the finding's rule id and range.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { FindingActionRequest, FindingsRequest, type FindingActionKind, type FindingsResult, type TreeFinding as Finding } from '../../protocol';
import { openLocation } from './reportView';

export type FindingsNode =
  | { kind: 'category'; category: string; findings: Finding[] }
  | { kind: 'rule'; category: string; ruleId: string; title: string; findings: Finding[] }
  | { kind: 'file'; ruleId: string; uri: string; findings: Finding[] }
  | { kind: 'finding'; finding: Finding };

const SEVERITY_ICON: Record<string, string> = { error: 'error', warning: 'warning', note: 'info' };

export class FindingsTree implements vscode.TreeDataProvider<FindingsNode> {
  private readonly changed = new vscode.EventEmitter<FindingsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private data: FindingsResult = { findings: [], rules: {}, categories: [] };
  view: vscode.TreeView<FindingsNode> | undefined;

  constructor(private readonly client: () => LanguageClient | undefined) {}

  async refresh(): Promise<void> {
    const client = this.client();
    if (!client) return;
    this.data = await client.sendRequest(FindingsRequest, {});
    if (this.view) {
      const total = this.data.findings.length;
      this.view.badge = total > 0 ? { value: total, tooltip: `${total} ThreatLint finding${total === 1 ? '' : 's'}` } : undefined;
    }
    this.changed.fire(undefined);
  }

  categoryOf(finding: Finding): string {
    return this.data.rules[finding.ruleId]?.stride[0] ?? 'Other';
  }

  getChildren(node?: FindingsNode): FindingsNode[] {
    if (!node) {
      const order = [...this.data.categories, 'Other'];
      return order
        .map((category) => ({ kind: 'category' as const, category, findings: this.data.findings.filter((f) => this.categoryOf(f) === category) }))
        .filter((n) => n.findings.length > 0);
    }
    if (node.kind === 'category') {
      return groupBy(node.findings, (f) => f.ruleId).map(([ruleId, findings]) => ({
        kind: 'rule',
        category: node.category,
        ruleId,
        title: this.data.rules[ruleId]?.title ?? ruleId,
        findings,
      }));
    }
    if (node.kind === 'rule') return groupBy(node.findings, (f) => f.uri).map(([uri, findings]) => ({ kind: 'file', ruleId: node.ruleId, uri, findings }));
    if (node.kind === 'file')
      return [...node.findings].sort((a, b) => a.range.start.line - b.range.start.line).map((finding) => ({ kind: 'finding', finding }));
    return [];
  }

  getTreeItem(node: FindingsNode): vscode.TreeItem {
    const Collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    switch (node.kind) {
      case 'category': {
        const item = new vscode.TreeItem(node.category, vscode.TreeItemCollapsibleState.Expanded);
        item.description = String(node.findings.length);
        item.iconPath = new vscode.ThemeIcon('shield');
        item.contextValue = 'category';
        return item;
      }
      case 'rule': {
        const item = new vscode.TreeItem(node.title.replace(/`/g, ''), Collapsed);
        item.description = `${node.ruleId} · ${node.findings.length}`;
        item.tooltip = `${node.ruleId}: ${node.findings.length} finding${node.findings.length === 1 ? '' : 's'}`;
        item.contextValue = 'rule';
        return item;
      }
      case 'file': {
        const uri = vscode.Uri.parse(node.uri);
        const item = new vscode.TreeItem(uri, Collapsed);
        item.description = `${vscode.workspace.asRelativePath(uri)} · ${node.findings.length}`;
        item.contextValue = 'file';
        return item;
      }
      case 'finding': {
        const { finding } = node;
        const item = new vscode.TreeItem(`${finding.range.start.line + 1}: ${finding.message}`, vscode.TreeItemCollapsibleState.None);
        item.tooltip = `${finding.ruleId} (${finding.severity})\n${finding.message}`;
        item.iconPath = new vscode.ThemeIcon(SEVERITY_ICON[finding.severity] ?? 'info');
        item.contextValue = finding.fixable ? 'finding.fixable' : 'finding';
        item.command = { title: 'Open', command: 'threatlint.openLocation', arguments: [finding.uri, finding.range.start] };
        return item;
      }
    }
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * A tree finding's action: the server finds the finding by rule id and range and answers the edit
 * its quick fix (`fix`) or suppression comment (`suppress`) makes, or the rule doc (`doc`).
 */
export async function applyFindingAction(client: LanguageClient, finding: Finding, kind: FindingActionKind): Promise<boolean> {
  const { uri, range, ruleId } = finding;
  if (kind !== 'doc') await openLocation(uri, range.start);
  const answer = await client.sendRequest(FindingActionRequest, { uri, ruleId, range, kind });
  if (!answer) {
    void vscode.window.showWarningMessage(
      `ThreatLint: no ${kind === 'fix' ? 'quick fix' : kind === 'suppress' ? 'suppression' : 'documentation'} available for ${ruleId} here (has the file changed?)`,
    );
    return false;
  }
  if (answer.kind === 'doc') {
    await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.parse(answer.uri));
    return true;
  }
  return vscode.workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(answer.edit));
}
