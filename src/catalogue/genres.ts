/**
 * The controlled genre vocabulary. Productions carry codes from this list (plus free
 * tags); recommendations, segments and discovery metrics later reason over these codes,
 * so they are stable identifiers: rename labels freely, never codes.
 *
 * `family` groups genres into the broad forms a visitor recognises (the comfort zone
 * in discovery is computed over both levels). `words` are lower-case German and English
 * words and schema.org types that importers map to the code.
 */
export interface Genre {
  code: string;
  family: 'theatre' | 'music_theatre' | 'dance' | 'music' | 'young' | 'words' | 'visual' | 'other';
  de: string;
  en: string;
  words: readonly string[];
}

export const genres: readonly Genre[] = [
  { code: 'drama', family: 'theatre', de: 'Schauspiel', en: 'Drama', words: ['schauspiel', 'drama', 'theater', 'theatre', 'tragödie', 'tragedy', 'theaterevent', 'play'] },
  { code: 'comedy', family: 'theatre', de: 'Komödie', en: 'Comedy', words: ['komödie', 'comedy', 'lustspiel', 'posse', 'comedyevent'] },
  { code: 'cabaret', family: 'theatre', de: 'Kabarett', en: 'Cabaret', words: ['kabarett', 'cabaret', 'satire', 'kleinkunst'] },
  { code: 'puppetry', family: 'theatre', de: 'Figurentheater', en: 'Puppetry', words: ['figurentheater', 'puppentheater', 'puppetry', 'puppet'] },
  { code: 'performance_art', family: 'theatre', de: 'Performance', en: 'Performance art', words: ['performance', 'performance art', 'live art'] },
  { code: 'opera', family: 'music_theatre', de: 'Oper', en: 'Opera', words: ['oper', 'opera', 'musiktheater'] },
  { code: 'operetta', family: 'music_theatre', de: 'Operette', en: 'Operetta', words: ['operette', 'operetta'] },
  { code: 'musical', family: 'music_theatre', de: 'Musical', en: 'Musical', words: ['musical'] },
  { code: 'ballet', family: 'dance', de: 'Ballett', en: 'Ballet', words: ['ballett', 'ballet'] },
  { code: 'contemporary_dance', family: 'dance', de: 'Zeitgenössischer Tanz', en: 'Contemporary dance', words: ['tanz', 'dance', 'tanztheater', 'zeitgenössischer tanz', 'contemporary dance', 'danceevent', 'choreografie', 'choreography'] },
  { code: 'orchestral', family: 'music', de: 'Sinfoniekonzert', en: 'Orchestral concert', words: ['sinfoniekonzert', 'symphoniekonzert', 'orchester', 'orchestra', 'orchestral', 'symphony', 'sinfonie', 'konzert', 'concert', 'musicevent'] },
  { code: 'chamber_music', family: 'music', de: 'Kammermusik', en: 'Chamber music', words: ['kammermusik', 'chamber music', 'kammerkonzert', 'liederabend', 'recital', 'streichquartett', 'string quartet'] },
  { code: 'choral', family: 'music', de: 'Chor', en: 'Choral music', words: ['chor', 'choir', 'choral', 'chorkonzert'] },
  { code: 'early_music', family: 'music', de: 'Alte Musik', en: 'Early music', words: ['alte musik', 'early music', 'barock', 'baroque'] },
  { code: 'contemporary_music', family: 'music', de: 'Neue Musik', en: 'Contemporary music', words: ['neue musik', 'contemporary music', 'zeitgenössische musik'] },
  { code: 'jazz', family: 'music', de: 'Jazz', en: 'Jazz', words: ['jazz'] },
  { code: 'pop', family: 'music', de: 'Pop und Rock', en: 'Pop and rock', words: ['pop', 'rock', 'singer-songwriter', 'indie'] },
  { code: 'children_theatre', family: 'young', de: 'Kindertheater', en: "Children's theatre", words: ['kindertheater', 'kinderstück', "children's theatre", 'childrens theatre', 'childrensevent', 'familienstück', 'weihnachtsmärchen', 'märchen'] },
  { code: 'youth_theatre', family: 'young', de: 'Jugendtheater', en: 'Youth theatre', words: ['jugendtheater', 'jugendstück', 'youth theatre', 'junges theater'] },
  { code: 'reading', family: 'words', de: 'Lesung', en: 'Reading', words: ['lesung', 'reading', 'literatur', 'literature', 'literaryevent', 'poetry', 'poetry slam'] },
  { code: 'talk', family: 'words', de: 'Gespräch', en: 'Talk', words: ['gespräch', 'talk', 'diskussion', 'discussion', 'podium', 'panel', 'einführung', 'introduction', 'publikumsgespräch'] },
  { code: 'lecture', family: 'words', de: 'Vortrag', en: 'Lecture', words: ['vortrag', 'lecture', 'educationevent'] },
  { code: 'workshop', family: 'words', de: 'Workshop', en: 'Workshop', words: ['workshop', 'werkstatt', 'mitmachen', 'kurs', 'course'] },
  { code: 'exhibition', family: 'visual', de: 'Ausstellung', en: 'Exhibition', words: ['ausstellung', 'exhibition', 'exhibitionevent', 'schau', 'sonderausstellung'] },
  { code: 'guided_tour', family: 'visual', de: 'Führung', en: 'Guided tour', words: ['führung', 'guided tour', 'tour', 'rundgang', 'kuratorenführung'] },
  { code: 'film', family: 'visual', de: 'Film', en: 'Film', words: ['film', 'kino', 'cinema', 'screeningevent', 'screening'] },
  { code: 'festival', family: 'other', de: 'Festival', en: 'Festival', words: ['festival', 'festspiele'] },
  { code: 'circus', family: 'other', de: 'Zirkus und Artistik', en: 'Circus', words: ['zirkus', 'circus', 'artistik', 'akrobatik', 'acrobatics', 'varieté'] },
];

export const genreCodes: readonly string[] = genres.map((g) => g.code);

const byCode = new Map(genres.map((g) => [g.code, g]));
const byWord = new Map<string, string>();
for (const genre of genres) {
  byWord.set(genre.code, genre.code);
  for (const word of genre.words) if (!byWord.has(word)) byWord.set(word, genre.code);
}

export function genreByCode(code: string): Genre | undefined {
  return byCode.get(code);
}

/** Maps a category word, label or schema.org type to a genre code; undefined if unknown. */
export function genreForWord(word: string): string | undefined {
  return byWord.get(word.trim().toLowerCase());
}

export const audiences = ['adults', 'families', 'children', 'schools'] as const;
export type Audience = (typeof audiences)[number];

export const accessibilityFeatures = [
  'wheelchair',
  'hearing_loop',
  'sign_language',
  'audio_description',
  'surtitles',
  'relaxed',
  'easy_language',
  'touch_tour',
] as const;
export type AccessibilityFeature = (typeof accessibilityFeatures)[number];

export const performanceStatuses = ['scheduled', 'cancelled', 'rescheduled', 'sold_out'] as const;
export type PerformanceStatus = (typeof performanceStatuses)[number];
