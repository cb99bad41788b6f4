/**
 * The Core's implementation of the handoff part of the API (shared/api/handoff-api.ts):
 * thin calls into the reminder and handoff services; spread into `createHandlers`.
 */
import { ApiError } from '../../../shared/api/contract';
import type { HandoffMethod } from '../../../shared/api/handoff-api';
import { SPACE_DOC_ID } from '../../../shared/model/doc-ids';
import { setMemberSchedule } from '../../../shared/model/member-schedule';
import { readMember } from '../../../shared/model/space';
import type { CoreServices } from '../core';
import { LOCAL_ORIGIN } from '../core';
import type { ApiHandlers } from './dispatcher';

export function createHandoffHandlers(core: CoreServices): Pick<ApiHandlers, HandoffMethod> {
  return {
    'app.now': () => core.clock.now(),

    'schedule.update': (input) => {
      const identity = core.identity();
      if (!identity) throw new ApiError('not_ready', 'Set up your profile first');
      const space = core.doc(SPACE_DOC_ID);
      if (!readMember(space, identity.memberId)) throw new ApiError('not_found', 'Your member record is missing from the space');
      setMemberSchedule(space, { memberId: identity.memberId, ...input }, LOCAL_ORIGIN);
      return readMember(space, identity.memberId)!;
    },

    'reminders.list': () => core.reminders.check(),
    'reminders.snooze': (input) => core.reminders.snooze(input.kind, input.minutes),
    'reminders.skipToday': (input) => core.reminders.skipToday(input.kind),
    'reminders.dismiss': (input) => core.reminders.dismiss(input.id),

    'settings.get': () => core.appSettings.get(),
    'settings.set': (input) => core.appSettings.set(input),

    'handoffs.prefill': () => core.handoffs.prefill(),
    'handoffs.post': (input) => core.handoffs.post(input),
    'handoffs.forMe': () => core.handoffs.forMe(),
    'handoffs.mine': () => core.handoffs.mine(),
    'handoffs.ack': (input) => core.handoffs.ack(input),
    'handoffs.escalated': () => core.handoffs.escalated(),
    'handoffs.forward': (input) => core.handoffs.forward(input),
    'handoffs.settings': () => core.handoffs.settings(),
    'handoffs.setSettings': (input) => core.handoffs.setSettings(input),
  };
}
