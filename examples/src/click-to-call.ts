// Click-to-call: ring the agent's phone first; once the agent answers, Asterisk dials the
// customer from the dialplan and bridges the two.
//
//   AMI_URL=ami://admin:secret@127.0.0.1:5038 AGENT=PJSIP/100 CUSTOMER=200 CONTEXT=from-internal \
//     npx tsx src/click-to-call.ts
//
// AGENT is any channel you can dial (a phone registered to your Asterisk), CUSTOMER an extension
// of CONTEXT in your dialplan. The defaults use the `tsami-test` context of the project's sandbox
// (tools/asterisk-sandbox): a Local channel that answers, calling the echo extension.
// HANGUP_AFTER_MS hangs the call up after that long (the tests use it); otherwise it lasts until
// either side hangs up.
import { AmiClient, newActionId } from '@tsami/core';
import { hangup, originate } from '@tsami/ami-v22';
import { amiUrl } from './lib/settings.js';

const agent = process.env.AGENT ?? 'Local/answer@tsami-test';
const customer = process.env.CUSTOMER ?? 'echo';
const context = process.env.CONTEXT ?? 'tsami-test';
const hangupAfterMs = Number(process.env.HANGUP_AFTER_MS ?? 0);

const client = new AmiClient({ url: amiUrl(), events: ['call'], reconnect: false });
await client.connect({ signal: AbortSignal.timeout(10_000) });

// Subscribe before originating: the events of a fast call can arrive before Originate's own
// answer, and events nobody is subscribed to yet are gone.
const actionId = newActionId();
const events = client.events({ signal: AbortSignal.timeout(120_000) });

try {
  await originate(client, {
    ActionID: actionId,
    Channel: agent,
    Context: context,
    Exten: customer,
    Priority: 1,
    CallerID: 'tsami click-to-call <100>',
    Timeout: 30_000,
    // Async: Asterisk answers at once and reports the outcome in an OriginateResponse event.
    Async: true,
  });
  console.log(`calling ${agent}, then ${customer}@${context}`);

  let agentChannel: string | undefined;
  for await (const event of events) {
    if (event.Event === 'OriginateResponse' && event.ActionID === actionId) {
      // Reason is Asterisk's dial outcome: 4 answered, 5 busy, 3 no answer, 8 congestion, 0 failed.
      if (event.Response !== 'Success')
        throw new Error(`the agent's phone did not answer (reason ${String(event.Reason)})`);
      const channel = String(event.Channel);
      agentChannel = channel;
      console.log(`agent answered on ${channel}; dialling ${customer}`);
      if (hangupAfterMs > 0) {
        // Our own call only: the channel Originate created for us.
        setTimeout(() => void hangup(client, { Channel: channel }).catch(() => undefined), hangupAfterMs);
      }
    } else if (event.Event === 'Hangup' && agentChannel !== undefined && event.Channel === agentChannel) {
      console.log(`call ended: cause ${String(event.Cause)} (${String(event['Cause-txt'])})`);
      break;
    }
  }
} finally {
  await client.close();
}
