import { accessibilityFeatures, audiences, genres, performanceStatuses } from './genres.ts';

/* Labels of the controlled vocabularies in both languages, for GET /api/vocabulary and the staff app. */

export interface Term {
  code: string;
  de: string;
  en: string;
}

const audienceLabels: Record<(typeof audiences)[number], [string, string]> = {
  adults: ['Erwachsene', 'Adults'],
  families: ['Familien', 'Families'],
  children: ['Kinder', 'Children'],
  schools: ['Schulen', 'Schools'],
};

const accessibilityLabels: Record<(typeof accessibilityFeatures)[number], [string, string]> = {
  wheelchair: ['Rollstuhlgerecht', 'Wheelchair accessible'],
  hearing_loop: ['Induktionsschleife', 'Hearing loop'],
  sign_language: ['Gebärdensprache', 'Sign language'],
  audio_description: ['Audiodeskription', 'Audio description'],
  surtitles: ['Übertitel', 'Surtitles'],
  relaxed: ['Entspannte Vorstellung', 'Relaxed performance'],
  easy_language: ['Leichte Sprache', 'Easy language'],
  touch_tour: ['Tastführung', 'Touch tour'],
};

const statusLabels: Record<(typeof performanceStatuses)[number], [string, string]> = {
  scheduled: ['Geplant', 'Scheduled'],
  cancelled: ['Abgesagt', 'Cancelled'],
  rescheduled: ['Verlegt', 'Rescheduled'],
  sold_out: ['Ausverkauft', 'Sold out'],
};

function terms<C extends string>(codes: readonly C[], labels: Record<C, [string, string]>): Term[] {
  return codes.map((code) => ({ code, de: labels[code][0], en: labels[code][1] }));
}

export const vocabulary = {
  genres: genres.map((g) => ({ code: g.code, de: g.de, en: g.en, family: g.family })),
  audiences: terms(audiences, audienceLabels),
  accessibility: terms(accessibilityFeatures, accessibilityLabels),
  performanceStatuses: terms(performanceStatuses, statusLabels),
};
