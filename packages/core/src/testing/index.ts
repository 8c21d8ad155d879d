export { FakeAmiServer, FakeAmiConnection } from './fake-server.js';
export type { FakeActionHandler, FakeAmiServerOptions, ReceivedAction } from './fake-server.js';
export { frame, responseFrame, eventFrame, eventListFrames } from './frames.js';
export type { FrameFields } from './frames.js';
export { replayTranscript } from './transcript.js';
export type { Transcript, TranscriptExchange } from './transcript.js';
