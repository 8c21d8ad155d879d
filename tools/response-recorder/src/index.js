export { RecordingSession, TEST_CONTEXT, unique } from './session.js';
export { scenarios } from './scenarios.js';
export { deriveResponses, NUMBERED_HEADER } from './derive.js';
export { runScenarios } from './run.js';
