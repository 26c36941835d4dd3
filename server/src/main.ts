/**
 * The server bundle's entry: the language server, or (in a thread the server's own worker
 * pool starts from this same file) an analysis worker. One bundle serves both.
 */
import { allRules } from '../../rules';
import { isAnalysisWorker, runAnalysisWorker } from '../../project/analyzer';
import { Engine } from '../../engine/engine';

if (isAnalysisWorker()) runAnalysisWorker(() => Engine.create(allRules));
else void import('./server');
