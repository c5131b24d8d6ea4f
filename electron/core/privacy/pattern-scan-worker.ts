/**
 * The worker thread of OffThreadPatternScan: builds the app's pattern phase once from its
 * setup (workerData) and answers each text with what Analyzer.findPatterns finds.
 */
import { workerData } from 'node:worker_threads';
import { answerRequests } from '../support/request-worker.js';
import { Analyzer } from './analyzer.js';
import type { PatternScanSetup } from './off-thread-pattern-scan.js';
import { createPatternRecognizers } from './recognizers/index.js';

const setup = workerData as PatternScanSetup;
const analyzer = new Analyzer(createPatternRecognizers(setup.patterns), setup.analyzer);

answerRequests((text: string) => analyzer.findPatterns(text));
