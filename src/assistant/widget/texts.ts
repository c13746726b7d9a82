/*
 * Every word the chat widget itself shows a visitor, in German (first) and English. What
 * the assistant says comes from the dialogue; these are the widget's own labels, notes and
 * errors. The widget fills {placeholders} itself; the texts travel inside the script's
 * config, so the house's page needs no second request for them.
 */

export type ChatLanguage = 'de' | 'en';

const de = {
  locale: 'de-DE',
  launcher: 'Fragen? Chat öffnen',
  launcherShort: 'Fragen?',
  launcherUnread: 'Neue Antwort im Chat',
  title: 'Fragen an {house}',
  subtitle: 'Der digitale Assistent – auf Wunsch mit einem Menschen aus dem Haus',
  close: 'Chat schließen',
  log: 'Gesprächsverlauf',
  visitor: 'Sie',
  assistant: 'Assistent',
  staff: 'Team von {house}',
  input: 'Ihre Nachricht',
  placeholder: 'Schreiben Sie Ihre Frage …',
  send: 'Senden',
  sending: 'Wird gesendet …',
  typing: 'Der Assistent schreibt …',
  remaining: 'Noch {count} Zeichen',
  tooLong: 'Bitte fassen Sie sich kürzer: höchstens {max} Zeichen.',
  quickReplies: 'Antwortvorschläge',
  cards: 'Vorschläge',
  links: 'Weiterführende Seiten',
  teamAvailable: 'Ihr Gespräch ist an das Team von {house} übergeben. Eine Person antwortet Ihnen hier in Kürze.',
  teamAway:
    'Ihr Gespräch ist an das Team von {house} übergeben. Gerade ist niemand erreichbar: Wir antworten hier, sobald jemand da ist, oder per E-Mail, wenn Sie uns Ihre Adresse genannt haben.',
  closed: 'Dieses Gespräch ist beendet.',
  restart: 'Neues Gespräch beginnen',
  starting: 'Der Chat wird gestartet …',
  disabled: 'Der Chat ist zurzeit ausgeschaltet. Bitte wenden Sie sich direkt an das Haus.',
  rateLimited: 'Zu viele Nachrichten in kurzer Zeit. Bitte warten Sie einen Moment und versuchen Sie es dann noch einmal.',
  tooManyMessages: 'Dieses Gespräch ist sehr lang geworden. Bitte beginnen Sie ein neues.',
  offline: 'Keine Verbindung. Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es noch einmal.',
  failed: 'Das hat leider nicht geklappt. Bitte versuchen Sie es noch einmal.',
  retry: 'Noch einmal versuchen',
};

const en: typeof de = {
  locale: 'en-GB',
  launcher: 'Questions? Open the chat',
  launcherShort: 'Questions?',
  launcherUnread: 'New reply in the chat',
  title: 'Ask {house}',
  subtitle: 'The digital assistant – with a person from the house if you wish',
  close: 'Close the chat',
  log: 'Conversation',
  visitor: 'You',
  assistant: 'Assistant',
  staff: '{house} team',
  input: 'Your message',
  placeholder: 'Type your question …',
  send: 'Send',
  sending: 'Sending …',
  typing: 'The assistant is typing …',
  remaining: '{count} characters left',
  tooLong: 'Please keep it shorter: at most {max} characters.',
  quickReplies: 'Suggested replies',
  cards: 'Suggestions',
  links: 'Further pages',
  teamAvailable: 'Your conversation has been handed to the {house} team. A person will answer you here shortly.',
  teamAway:
    'Your conversation has been handed to the {house} team. Nobody is available right now: we will answer here as soon as someone is in, or by email if you gave us your address.',
  closed: 'This conversation has ended.',
  restart: 'Start a new conversation',
  starting: 'Starting the chat …',
  disabled: 'The chat is switched off at the moment. Please contact the house directly.',
  rateLimited: 'Too many messages in a short time. Please wait a moment and try again.',
  tooManyMessages: 'This conversation has grown very long. Please start a new one.',
  offline: 'No connection. Please check your internet connection and try again.',
  failed: 'Sorry, that did not work. Please try again.',
  retry: 'Try again',
};

export const chatTexts: Record<ChatLanguage, typeof de> = { de, en };
