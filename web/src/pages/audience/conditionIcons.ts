import {
  IconCake,
  IconCalendarCheck,
  IconClick,
  IconClipboardList,
  IconHeart,
  IconLanguage,
  IconListDetails,
  IconMail,
  IconMailOpened,
  IconMapPin,
  IconMessageChatbot,
  IconShieldCheck,
  IconSparkles,
  IconTicket,
  IconUserOff,
  IconEye,
  type Icon,
} from '@tabler/icons-react';
import type { InteractionKind } from '../../api/audienceTypes.ts';
import type { ConditionKind } from './ruleTreeModel.ts';

/* One icon per kind of condition and of interaction, so that a tree and a timeline read at a glance. */

export const conditionIcon: Record<ConditionKind, Icon> = {
  language: IconLanguage,
  postcode: IconMapPin,
  age: IconCake,
  interest: IconHeart,
  booked: IconTicket,
  attended: IconCalendarCheck,
  firstTime: IconSparkles,
  lapsed: IconUserOff,
  opened: IconMailOpened,
  clicked: IconClick,
  consent: IconShieldCheck,
  segment: IconListDetails,
};

export const interactionIcon: Record<InteractionKind, Icon> = {
  booking: IconTicket,
  attendance: IconCalendarCheck,
  email_sent: IconMail,
  email_opened: IconMailOpened,
  email_clicked: IconClick,
  assistant_conversation: IconMessageChatbot,
  page_view: IconEye,
  survey_answer: IconClipboardList,
};

export const interactionColor: Record<InteractionKind, string> = {
  booking: 'foyer',
  attendance: 'teal',
  email_sent: 'gray',
  email_opened: 'blue',
  email_clicked: 'indigo',
  assistant_conversation: 'grape',
  page_view: 'cyan',
  survey_answer: 'orange',
};
