/**
 * Argument schemas (zod) of the handoff part of the API (./handoff-api.ts), spread into
 * `apiInputSchemas` (./schemas.ts). Only the Core's dispatcher imports them.
 */
import { z } from 'zod';
import type { ApiInput } from './contract';
import type { HandoffMethod } from './handoff-api';
import { REMINDER_KIND_IDS, SNOOZE_MINUTES } from './handoff-api';
import { isValidEntityId } from '../model/doc-ids';
import { MAX_ACK_REPLY_LENGTH, MAX_SECTION_LENGTH } from '../model/log';
import { MAX_HANDOFF_ESCALATION_WORKING_HOURS } from '../model/handoff';
import { breaksSchema, timeOffSchema } from '../model/member-schedule';

const none = z.undefined();
const entityId = z.string().refine(isValidEntityId, 'must be an id');
const kind = z.enum(REMINDER_KIND_IDS);
const section = z.string().max(MAX_SECTION_LENGTH, `must be at most ${MAX_SECTION_LENGTH} characters`);
const epochMs = z.number().int().nonnegative();

export const MAX_HANDOFF_RECIPIENTS = 20;

export const handoffInputSchemas = {
  'app.now': none,
  'schedule.update': z.strictObject({ breaks: breaksSchema.optional(), timeOff: timeOffSchema.optional() }),
  'reminders.list': none,
  'reminders.snooze': z.strictObject({
    kind,
    minutes: z.literal(SNOOZE_MINUTES, { message: `must be one of ${SNOOZE_MINUTES.join(', ')} minutes` }),
  }),
  'reminders.skipToday': z.strictObject({ kind }),
  'reminders.dismiss': z.strictObject({ id: z.string().min(1).max(200) }),
  'settings.get': none,
  'settings.set': z.strictObject({ launchAtLogin: z.boolean().optional() }),
  'handoffs.prefill': none,
  'handoffs.post': z.strictObject({
    recipients: z
      .array(entityId)
      .min(1, 'choose who picks this up')
      .max(MAX_HANDOFF_RECIPIENTS)
      .refine((ids) => new Set(ids).size === ids.length, 'must not repeat a recipient'),
    sections: z.strictObject({ status: section, nextSteps: section, watchOut: section, links: section }),
    deliverAt: epochMs.nullable().optional(),
  }),
  'handoffs.forMe': none,
  'handoffs.mine': none,
  'handoffs.ack': z.strictObject({ entryId: entityId, reply: z.string().trim().max(MAX_ACK_REPLY_LENGTH).optional() }),
  'handoffs.escalated': none,
  'handoffs.forward': z.strictObject({ entryId: entityId, to: entityId }),
  'handoffs.settings': none,
  'handoffs.setSettings': z.strictObject({
    handoffEscalationWorkingHours: z.number().positive('must be more than 0').max(MAX_HANDOFF_ESCALATION_WORKING_HOURS),
  }),
} satisfies { [M in HandoffMethod]: z.ZodType<ApiInput<M>> };
