/**
 * protocol/'s typed messages, rebuilt on vscode-languageserver's own JSON-RPC classes.
 *
 * vscode-languageserver pins its own (nested) vscode-jsonrpc, while protocol/ and the client use
 * the hoisted one. The two copies' message classes are distinct to TypeScript (private members)
 * and at run time (a notification's parameter structure is compared by identity), so the server
 * registers and sends twins with the same method, params and result types.
 */
import { NotificationType, NotificationType0, RequestType, RequestType0 } from 'vscode-languageserver/node';
import type { NotificationType as ProtocolNotification, RequestType as ProtocolRequest } from 'vscode-jsonrpc';
import * as protocol from '../../protocol';

// protocol/ builds every message with the default (automatic) parameter structure, as these do.
function request<P, R>(type: ProtocolRequest<P, R, void>): RequestType<P, R, void> {
  return new RequestType<P, R, void>(type.method);
}

function notification<P>(type: ProtocolNotification<P>): NotificationType<P> {
  return new NotificationType<P>(type.method);
}

export const ScanWorkspaceRequest = request(protocol.ScanWorkspaceRequest);
export const ClearResultsRequest = new RequestType0<void, void>(protocol.ClearResultsRequest.method);
export const ScanProgressNotification = notification(protocol.ScanProgressNotification);
export const AnalysisTimingNotification = notification(protocol.AnalysisTimingNotification);
export const ReportRequest = request(protocol.ReportRequest);
export const CreateBaselineRequest = request(protocol.CreateBaselineRequest);
export const FindingsRequest = request(protocol.FindingsRequest);
export const FindingsChangedNotification = new NotificationType0(protocol.FindingsChangedNotification.method);
export const FindingActionRequest = request(protocol.FindingActionRequest);
