import type { MarketingPurpose } from '../audience/model.ts';
import type { Random } from './audience-random.ts';

/*
 * Who goes to the Theater Auenstadt: the invented names, places and kinds of visitor the
 * demo audience is drawn from (audience-plan.ts). Every person is fictional; addresses
 * are at example.org and example.net only, phone numbers use the house's fictional
 * area code 555, postcodes are plausible for a town in the 37xxx range.
 */

const femaleNames = [
  'Anna', 'Anja', 'Annette', 'Barbara', 'Birgit', 'Brigitte', 'Carla', 'Charlotte', 'Christa', 'Claudia', 'Dagmar', 'Doris',
  'Elke', 'Elisabeth', 'Emilia', 'Emma', 'Eva', 'Franziska', 'Frieda', 'Gabriele', 'Gisela', 'Hannah', 'Heike', 'Helga',
  'Ilse', 'Ingrid', 'Johanna', 'Julia', 'Jutta', 'Karin', 'Katharina', 'Klara', 'Lea', 'Lena', 'Luise', 'Marie',
  'Marlene', 'Martina', 'Mia', 'Monika', 'Nadine', 'Nina', 'Paula', 'Petra', 'Renate', 'Ruth', 'Sabine', 'Sandra',
  'Silke', 'Sophie', 'Stefanie', 'Susanne', 'Tanja', 'Ursula', 'Ute', 'Vanessa', 'Waltraud', 'Jana', 'Greta', 'Ida',
] as const;

const maleNames = [
  'Alexander', 'Andreas', 'Bernd', 'Christian', 'Daniel', 'Dieter', 'Dirk', 'Elias', 'Erich', 'Felix', 'Florian', 'Frank',
  'Friedrich', 'Georg', 'Gerhard', 'Günter', 'Hans', 'Harald', 'Heinz', 'Helmut', 'Jan', 'Jens', 'Joachim', 'Jonas',
  'Jörg', 'Jürgen', 'Karl', 'Klaus', 'Konrad', 'Lars', 'Leon', 'Lukas', 'Manfred', 'Markus', 'Martin', 'Matthias',
  'Max', 'Michael', 'Moritz', 'Niklas', 'Oliver', 'Paul', 'Peter', 'Philipp', 'Ralf', 'Rainer', 'Reinhard', 'Rolf',
  'Sebastian', 'Stefan', 'Thomas', 'Tobias', 'Uwe', 'Volker', 'Walter', 'Werner', 'Wolfgang', 'Ben', 'Finn', 'Theo',
] as const;

const familyNames = [
  'Albrecht', 'Arnold', 'Bauer', 'Baumann', 'Beck', 'Becker', 'Berger', 'Bergmann', 'Böhm', 'Brandt', 'Braun', 'Busch',
  'Dietrich', 'Engel', 'Ernst', 'Fischer', 'Frank', 'Franke', 'Friedrich', 'Fuchs', 'Graf', 'Günther', 'Haas', 'Hahn',
  'Hartmann', 'Heinrich', 'Herrmann', 'Hoffmann', 'Hofmann', 'Horn', 'Huber', 'Jäger', 'Jung', 'Kaiser', 'Keller', 'Klein',
  'Koch', 'Köhler', 'König', 'Krämer', 'Kraus', 'Krause', 'Krüger', 'Kuhn', 'Kühn', 'Lang', 'Lange', 'Lehmann',
  'Lorenz', 'Ludwig', 'Maier', 'Martin', 'Mayer', 'Meier', 'Meyer', 'Möller', 'Müller', 'Neumann', 'Otto', 'Peters',
  'Pohl', 'Richter', 'Roth', 'Sauer', 'Schäfer', 'Scholz', 'Schmid', 'Schmidt', 'Schmitt', 'Schneider', 'Schreiber', 'Schröder',
  'Schubert', 'Schulte', 'Schulz', 'Schulze', 'Schumacher', 'Schuster', 'Schwarz', 'Seidel', 'Simon', 'Sommer', 'Stein', 'Thomas',
  'Vogel', 'Vogt', 'Voigt', 'Walter', 'Weber', 'Weiß', 'Werner', 'Wolf', 'Wolff', 'Zimmermann', 'Ziegler', 'Auerbach',
  'Brunnhuber', 'Eichhorn', 'Feldmann', 'Grünewald', 'Hagedorn', 'Lindner', 'Reuter', 'Sievers', 'Tiedemann', 'Wendland',
] as const;

/** People who prefer English: students, newcomers, visitors from abroad. */
const internationalFirst = [
  'Olivia', 'Amelia', 'Chloe', 'Grace', 'Isabella', 'Sofia', 'Aisha', 'Zeynep', 'Maya', 'Lucía', 'Ingrid', 'Aoife',
  'James', 'Oliver', 'Noah', 'Liam', 'Mateo', 'Lucas', 'Omar', 'Arjun', 'Mehmet', 'Tomasz', 'Pierre', 'Erik',
] as const;

const internationalFamily = [
  'Bennett', 'Carter', 'Collins', 'Hughes', 'Murphy', "O'Connor", 'Walsh', 'Rossi', 'Bianchi', 'García', 'Fernández', 'Silva',
  'Dubois', 'Moreau', 'Nowak', 'Kowalski', 'Yılmaz', 'Demir', 'Khan', 'Patel', 'Nguyen', 'Andersson', 'Nielsen', 'Novák',
] as const;

/** Postcodes of the city of Auenstadt (the theatre is at 37099). */
export const cityPostcodes = ['37091', '37093', '37095', '37097', '37099', '37101'] as const;

/** Towns around Auenstadt, each with its postcode: the region the house draws from. */
export const regionTowns = [
  ['Auendorf', '37214'],
  ['Oberaue', '37218'],
  ['Niederaue', '37222'],
  ['Wiesenfeld', '37235'],
  ['Erlengrund', '37241'],
  ['Brunnhausen', '37247'],
  ['Hagenrode', '37253'],
  ['Eichenhain', '37269'],
  ['Weidenbach', '37281'],
  ['Sonnenwalde', '37293'],
  ['Rabenfels', '37308'],
  ['Lindenau an der Aue', '37318'],
] as const;

export type Persona = 'opera' | 'concert' | 'drama' | 'occasional' | 'family' | 'teacher' | 'first_time' | 'lapsed' | 'museum' | 'newsletter' | 'young';

export interface PersonaSpec {
  count: number;
  born: readonly [number, number];
  /** Share who prefer English. */
  english: number;
  /** Shares living in the region around the city, and further away; the rest live in town. */
  region: number;
  further: number;
  /** Genres of what they go to, with weights. */
  genres: readonly (readonly [string, number])[];
  /** The pool their declared interests come from. */
  interests: readonly string[];
  /** Visits (a booking, and attendance when it lies in the past) within `months` before the seed. */
  visits: readonly [number, number];
  months: readonly [number, number];
  /** Bookings for performances still to come. */
  upcoming: readonly [number, number];
  /** School and kindergarten performances only, or only the others. */
  performances: 'school' | 'public';
  /** The unit they belong to even without a visit (imported for it: the school list). */
  unit?: string;
  consents: Record<MarketingPurpose, number>;
  /** Share holding a premiere subscription: they book every premiere of the season. */
  premieres: number;
}

/** 1,500 people. The shares of consent add up to about 60 % newsletter, 35 % recommendations, 25 % analysis, 10 % post and phone. */
export const personas: Record<Persona, PersonaSpec> = {
  opera: {
    count: 130, born: [1940, 1972], english: 0.05, region: 0.4, further: 0.05,
    genres: [['opera', 6], ['operetta', 3], ['orchestral', 2], ['ballet', 1], ['choral', 1]],
    interests: ['opera', 'operetta', 'orchestral', 'ballet'],
    visits: [4, 9], months: [0, 24], upcoming: [1, 3], performances: 'public',
    consents: { newsletter: 0.85, recommendations: 0.55, behavioural_analysis: 0.3, post_phone: 0.3 }, premieres: 0.3,
  },
  concert: {
    count: 120, born: [1942, 1980], english: 0.06, region: 0.45, further: 0.05,
    genres: [['orchestral', 6], ['chamber_music', 3], ['choral', 2], ['early_music', 1], ['contemporary_music', 1]],
    interests: ['orchestral', 'chamber_music', 'choral', 'early_music'],
    visits: [3, 7], months: [0, 24], upcoming: [1, 3], performances: 'public',
    consents: { newsletter: 0.8, recommendations: 0.45, behavioural_analysis: 0.25, post_phone: 0.25 }, premieres: 0.08,
  },
  drama: {
    count: 170, born: [1950, 1996], english: 0.08, region: 0.3, further: 0.05,
    genres: [['drama', 6], ['comedy', 3], ['contemporary_dance', 2], ['reading', 1], ['talk', 1]],
    interests: ['drama', 'comedy', 'contemporary_dance', 'reading'],
    visits: [2, 6], months: [0, 24], upcoming: [0, 2], performances: 'public',
    consents: { newsletter: 0.7, recommendations: 0.45, behavioural_analysis: 0.35, post_phone: 0.08 }, premieres: 0.25,
  },
  occasional: {
    count: 340, born: [1948, 2002], english: 0.1, region: 0.4, further: 0.08,
    genres: [['musical', 4], ['comedy', 3], ['operetta', 2], ['ballet', 2], ['drama', 1], ['opera', 1], ['orchestral', 1], ['festival', 1]],
    interests: ['musical', 'comedy', 'ballet', 'operetta'],
    visits: [1, 3], months: [0, 30], upcoming: [0, 1], performances: 'public',
    consents: { newsletter: 0.4, recommendations: 0.25, behavioural_analysis: 0.2, post_phone: 0.05 }, premieres: 0,
  },
  family: {
    count: 110, born: [1975, 1995], english: 0.1, region: 0.45, further: 0.03,
    genres: [['children_theatre', 8], ['puppetry', 2], ['musical', 1], ['festival', 1], ['workshop', 1]],
    interests: ['children_theatre', 'puppetry', 'musical'],
    visits: [1, 3], months: [0, 20], upcoming: [0, 2], performances: 'public',
    consents: { newsletter: 0.65, recommendations: 0.35, behavioural_analysis: 0.25, post_phone: 0.03 }, premieres: 0,
  },
  teacher: {
    count: 70, born: [1962, 1998], english: 0.03, region: 0.5, further: 0,
    genres: [['youth_theatre', 5], ['children_theatre', 3], ['drama', 2], ['comedy', 1]],
    interests: ['youth_theatre', 'drama'],
    visits: [2, 5], months: [0, 20], upcoming: [0, 2], performances: 'school', unit: 'junges-theater',
    consents: { newsletter: 0.85, recommendations: 0.3, behavioural_analysis: 0.2, post_phone: 0.05 }, premieres: 0,
  },
  first_time: {
    count: 140, born: [1975, 2008], english: 0.22, region: 0.35, further: 0.15,
    genres: [['musical', 3], ['drama', 2], ['comedy', 2], ['contemporary_dance', 1], ['opera', 1], ['festival', 1], ['exhibition', 1]],
    interests: ['musical', 'drama', 'contemporary_dance', 'pop'],
    visits: [0, 1], months: [1, 10], upcoming: [0, 1], performances: 'public',
    consents: { newsletter: 0.35, recommendations: 0.2, behavioural_analysis: 0.15, post_phone: 0.02 }, premieres: 0,
  },
  lapsed: {
    count: 120, born: [1940, 1988], english: 0.07, region: 0.45, further: 0.1,
    genres: [['drama', 3], ['opera', 2], ['operetta', 2], ['musical', 2], ['orchestral', 2], ['comedy', 2]],
    interests: ['drama', 'opera', 'operetta', 'orchestral'],
    visits: [1, 4], months: [19, 30], upcoming: [0, 0], performances: 'public',
    consents: { newsletter: 0.75, recommendations: 0.4, behavioural_analysis: 0.15, post_phone: 0.1 }, premieres: 0,
  },
  museum: {
    count: 70, born: [1945, 1995], english: 0.15, region: 0.35, further: 0.15,
    genres: [['exhibition', 6], ['guided_tour', 3], ['lecture', 2], ['workshop', 1]],
    interests: ['exhibition', 'guided_tour', 'lecture'],
    visits: [1, 4], months: [0, 14], upcoming: [0, 1], performances: 'public',
    consents: { newsletter: 0.6, recommendations: 0.3, behavioural_analysis: 0.2, post_phone: 0.1 }, premieres: 0,
  },
  newsletter: {
    count: 150, born: [1950, 2005], english: 0.15, region: 0.4, further: 0.15,
    genres: [],
    interests: ['drama', 'opera', 'musical', 'ballet', 'orchestral', 'reading', 'exhibition'],
    visits: [0, 0], months: [0, 0], upcoming: [0, 0], performances: 'public',
    consents: { newsletter: 0.92, recommendations: 0.3, behavioural_analysis: 0.25, post_phone: 0.05 }, premieres: 0,
  },
  young: {
    count: 80, born: [1996, 2010], english: 0.3, region: 0.25, further: 0.1,
    genres: [['youth_theatre', 0.5], ['contemporary_dance', 3], ['musical', 2], ['drama', 2], ['reading', 1]],
    interests: ['youth_theatre', 'contemporary_dance', 'musical', 'pop', 'performance_art'],
    visits: [1, 3], months: [0, 12], upcoming: [0, 1], performances: 'public',
    consents: { newsletter: 0.45, recommendations: 0.4, behavioural_analysis: 0.35, post_phone: 0 }, premieres: 0,
  },
};

// ---------- one person ----------

export interface Person {
  name: string;
  email: string;
  language: 'de' | 'en';
  birthYear: number;
  postalCode: string;
}

/** The address part of a name: umlauts spelt out as Germans do in addresses, accents dropped. */
export function addressPart(text: string): string {
  return text
    .toLowerCase()
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ı/g, 'i')
    .replace(/[^a-z]/g, '');
}

function postcodeOf(random: Random, spec: PersonaSpec): string {
  const where = random.next();
  if (where < spec.further) return `3${random.int(0, 6)}${String(random.int(0, 999)).padStart(3, '0')}`;
  if (where < spec.further + spec.region) return random.pick(regionTowns)[1];
  return random.pick(cityPostcodes);
}

/** A new person of the persona; `taken` holds the addresses already given out, and gets this one. */
export function makePerson(random: Random, spec: PersonaSpec, taken: Set<string>): Person {
  const language = random.chance(spec.english) ? 'en' : 'de';
  const female = random.chance(0.56);
  const first = language === 'en' && random.chance(0.7) ? random.pick(internationalFirst) : random.pick(female ? femaleNames : maleNames);
  const last = language === 'en' && random.chance(0.7) ? random.pick(internationalFamily) : random.pick(familyNames);
  const birthYear = random.int(spec.born[0], spec.born[1]);
  const title = birthYear < 1975 && random.chance(0.05) ? 'Dr. ' : '';
  const f = addressPart(first);
  const l = addressPart(last);
  const domain = random.chance(0.6) ? 'example.org' : 'example.net';
  const local = random.weighted<string>([
    [`${f}.${l}`, 5],
    [`${f}${l}`, 1],
    [`${f[0] ?? 'x'}.${l}`, 2],
    [`${l}.${f}`, 1],
    [`${f}.${l}${String(birthYear).slice(2)}`, 1],
  ]);
  let email = `${local}@${domain}`;
  for (let n = 2; taken.has(email); n += 1) email = `${local}${n}@${domain}`;
  taken.add(email);
  return { name: `${title}${first} ${last}`, email, language, birthYear, postalCode: postcodeOf(random, spec) };
}

/** Numbers of the fictional area code 555 only: no real line can be dialled by mistake. */
export function phoneNumber(random: Random): string {
  return `+49 555 ${random.int(100000, 999999)}`;
}

/** Stand-ins for the browsers people signed up with (proof of consent). */
export const userAgents = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/132.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Mobile Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0 Safari/537.36',
] as const;
