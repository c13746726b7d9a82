import type { Intent } from '../types.ts';
import type { EvaluationMessage } from './set.ts';

/*
 * The HELD-OUT set: messages that understanding was never tuned on, so that its figures
 * say how it does on what visitors will really write. NOTHING MAY BE TUNED ON IT: no
 * training phrase, threshold, fusion weight, classifier change or development-set label
 * may be chosen by looking at its mistakes. Tuning happens on the development set
 * (set.ts); when a change is made there, this set is run once afterwards and its figure
 * reported as it comes out. A label here may only be corrected when it is plainly a typo
 * in the labelling, never because understanding disagrees with it.
 *
 * How it was written (November 2026, for issue 7): blind, by someone who had not read
 * the training phrases (src/assistant/nlu/training), the development set's messages or
 * the knowledge base's question variants, only the intents and entity shapes
 * (types.ts), the date conventions (the header of dates.ts), the demo knowledge base's
 * keys, topics and answers, and the demo house's productions and schedule. The messages
 * are modelled on what visitors ask theatres, opera houses, concert halls and museums on
 * FAQ pages and in chats: colloquial, with typos and missing punctuation, du and Sie,
 * very short and long rambling ones, several questions at once where the main one is
 * clear. The intents come in roughly the proportions of real traffic: mostly FAQ and
 * programme, some booking, a few resends, handovers, complaints, small talk and
 * messages the assistant should not claim to understand. 28 of the messages as first
 * written turned out to equal a training phrase or a development message (short common
 * questions do: "parking?", "lost property?"); the overlap test forbids that, so they were
 * reworded into other real phrasings before the set was first run, not after.
 *
 * Labels follow the development set's conventions (same `now`, same zone, same date
 * notation, every entity kind the message names, none other) and, where that leaves a
 * choice, what a box office would hear:
 * - a weekday in the past tense is the one that has passed ("am Sonntag … liegen lassen"
 *   is 8 November);
 * - habitual weekdays ("montags", "on Sundays") and a part of the day alone ("abends",
 *   "the evening show", "date night") name no date;
 * - a production's title names that production, not a date or a genre ("New Year's
 *   Concert" is no 1 January, "Cabaret" no cabaret);
 * - a generic "Konzert"/"concert" names no genre; "Oper", "Ballett", "Sinfoniekonzert",
 *   "Ausstellung", "Führung", "Lesung" … name theirs;
 * - the ticket count is the number of people a booking is for ("2 Erwachsene und 3
 *   Kinder" is 5, "for me and my wife" 2, "Einmal" 1), also for group sizes;
 * - `reduced` is a reduced tariff asked for because of who the visitor is (student,
 *   pensioner, unemployed, disability, the Auenstadt Kulturpass), not a group, school or
 *   children's price, nor the federal KulturPass credit, which is money to spend;
 * - `audience` needs a word for a kind of visitor ("Kinder", "kids", "Familie",
 *   "Schulklasse"); "my son", "meine Tochter" name a person, not an audience.
 */

type Extra = Omit<EvaluationMessage, 'text' | 'language' | 'intent'>;
const de = (text: string, intent: Intent, extra: Extra = {}): EvaluationMessage => ({ text, language: 'de', intent, ...extra });
const en = (text: string, intent: Intent, extra: Extra = {}): EvaluationMessage => ({ text, language: 'en', intent, ...extra });

const december = '2026-12-01/2027-01-01';
const tonight = '2026-11-12T17:00/2026-11-13T00:00';
const weekend = '2026-11-14/2026-11-16';

export const heldOutSet: readonly EvaluationMessage[] = [
  // Opening hours: box office, doors, museum
  de('wann hat die theaterkasse auf', 'faq.opening_hours', { faq: 'box-office-hours' }),
  de('Hat die Kasse am Samstag geöffnet? Ich würde gern vorbeikommen und Karten abholen', 'faq.opening_hours', { faq: 'box-office-hours', dates: ['2026-11-14'] }),
  de('Kann man Sie auch telefonisch erreichen und wenn ja wann', 'faq.opening_hours', { faq: 'box-office-hours' }),
  de('Ab wann kann man abends in den Saal rein?', 'faq.opening_hours', { faq: 'house-opening' }),
  de('Wie früh sollte man vor der Vorstellung da sein?', 'faq.opening_hours', { faq: 'house-opening' }),
  de('Öffnungszeiten Museum?', 'faq.opening_hours', { faq: 'museum-hours' }),
  de('Hat das Museum am Montag geöffnet?', 'faq.opening_hours', { faq: 'museum-hours', dates: ['2026-11-16'] }),
  de('bis wann ist das museum donnerstags offen', 'faq.opening_hours', { faq: 'museum-hours' }),
  de('Kann man am 31.12. ins Museum?', 'faq.opening_hours', { faq: 'museum-hours', dates: ['2026-12-31'] }),
  en('box office opening times?', 'faq.opening_hours', { faq: 'box-office-hours' }),
  en('Is the ticket office open on Sundays?', 'faq.opening_hours', { faq: 'box-office-hours' }),
  en('what are your phone hours, I tried calling twice and nobody picked up', 'faq.opening_hours', { faq: 'box-office-hours' }),
  en('What time do the doors open for the evening show?', 'faq.opening_hours', { faq: 'house-opening' }),
  en('how early should we arrive before the curtain goes up', 'faq.opening_hours', { faq: 'house-opening' }),
  en('When does the museum close today?', 'faq.opening_hours', { faq: 'museum-hours', dates: ['2026-11-12'] }),
  en('museum open on mondays??', 'faq.opening_hours', { faq: 'museum-hours' }),
  en('Can I visit the museum on Christmas Eve?', 'faq.opening_hours', { faq: 'museum-hours', dates: ['2026-12-24'] }),

  // Prices and price categories
  de('Was kostet eine Karte für Schwanensee?', 'faq.prices', { faq: 'ticket-prices', productions: ['schwanensee'] }),
  de('wie teuer sind die tickets für die oper', 'faq.prices', { faq: 'ticket-prices', genres: ['opera'] }),
  de('Was zahlt man für den Museumseintritt?', 'faq.prices', { faq: 'ticket-prices' }),
  de('Fallen Vorverkaufsgebühren an, wenn ich direkt an der Kasse kaufe?', 'faq.prices', { faq: 'ticket-prices' }),
  de('Welche Plätze sind in Preisgruppe III und sieht man da gut?', 'faq.prices', { faq: 'price-categories' }),
  de('Wo sitzt man im Großen Haus am günstigsten, gibt es einen Saalplan?', 'faq.prices', { faq: 'price-categories' }),
  en('How much are tickets for Faust?', 'faq.prices', { faq: 'ticket-prices', productions: ['faust'] }),
  en('price of a ballet ticket', 'faq.prices', { faq: 'ticket-prices', genres: ['ballet'] }),
  en('Hi! How much does it cost to get into the museum?', 'faq.prices', { faq: 'ticket-prices' }),
  en('do you charge any fees on top of the ticket price when I buy at the box office', 'faq.prices', { faq: 'ticket-prices' }),
  en('Which seats have a restricted view?', 'faq.prices', { faq: 'price-categories' }),
  en('whats the difference between category I and II seats', 'faq.prices', { faq: 'price-categories' }),
  en('What do tickets for the symphony concerts cost?', 'faq.prices', { faq: 'ticket-prices', genres: ['orchestral'] }),

  // Reductions
  de('Gibt es Studentenrabatt?', 'faq.reductions', { faq: 'reductions', reduced: true }),
  de('Bekomme ich mit Schwerbehindertenausweis ermäßigte Karten, und meine Begleitung auch?', 'faq.reductions', { faq: 'reductions', reduced: true }),
  de('ich bin arbeitslos, krieg ich die karten billiger?', 'faq.reductions', { faq: 'reductions', reduced: true }),
  de('Guten Tag, meine Frau und ich sind beide Rentner und würden gern mal wieder in die Oper. Gibt es bei Ihnen eine Seniorenermäßigung?', 'faq.reductions', { faq: 'reductions', reduced: true, genres: ['opera'] }),
  de('Was zahlen Kinder im Kindertheater?', 'faq.reductions', { faq: 'children-young-people', audience: 'children', genres: ['children_theatre'] }),
  de('Ist der Eintritt ins Museum für meinen 16-jährigen Sohn frei?', 'faq.reductions', { faq: 'children-young-people', age: 16 }),
  de('Gibt es mit dem Auenstädter Kulturpass Ermäßigung?', 'faq.reductions', { faq: 'kulturpass', reduced: true }),
  de('Kann ich mein KulturPass-Guthaben bei euch einlösen? Bin grad 18 geworden', 'faq.reductions', { faq: 'kulturpass', age: 18 }),
  en('Do you do student discounts?', 'faq.reductions', { faq: 'reductions', reduced: true }),
  en('concessions for seniors?', 'faq.reductions', { faq: 'reductions', reduced: true }),
  en('I am doing a voluntary service year, is there a reduced price for me', 'faq.reductions', { faq: 'reductions', reduced: true }),
  en('Do kids go free at the museum?', 'faq.reductions', { faq: 'children-young-people', audience: 'children' }),
  en('Is there a discount for people on benefits?', 'faq.reductions', { faq: 'kulturpass', reduced: true }),
  en('Can I use my KulturPass credit to buy tickets?', 'faq.reductions', { faq: 'kulturpass' }),

  // Accessibility
  de('Ist das Theater barrierefrei? Meine Mutter sitzt im Rollstuhl', 'faq.accessibility', { faq: 'wheelchair' }),
  de('Gibt es einen Aufzug zum Rang?', 'faq.accessibility', { faq: 'wheelchair' }),
  de(
    'Hallo, wir kommen am Samstag mit meiner Schwiegermutter, die nicht mehr gut zu Fuß ist und einen Rollator hat. Gibt es einen Eingang ohne Treppen und einen Aufzug?',
    'faq.accessibility',
    { faq: 'wheelchair', dates: ['2026-11-14'] },
  ),
  de('Habt ihr eine Induktionsschleife für Hörgeräte?', 'faq.accessibility', { faq: 'hearing-and-surtitles' }),
  de('Gibt es bei der Oper Übertitel?', 'faq.accessibility', { faq: 'hearing-and-surtitles', genres: ['opera'] }),
  de('Ich bin blind und komme mit Führhund, ist das ein Problem?', 'faq.accessibility', { faq: 'assistance-dogs' }),
  de('Kann mein Hund mit ins Museum?', 'faq.accessibility', { faq: 'assistance-dogs' }),
  en('wheelchair access?', 'faq.accessibility', { faq: 'wheelchair' }),
  en('Are there accessible toilets?', 'faq.accessibility', { faq: 'wheelchair' }),
  en('Are the operas surtitled in English? My husband does not speak German', 'faq.accessibility', { faq: 'hearing-and-surtitles', genres: ['opera'] }),
  en('Do you have performances with sign language interpretation?', 'faq.accessibility', { faq: 'hearing-and-surtitles' }),
  en('Can I bring my guide dog to Swan Lake?', 'faq.accessibility', { faq: 'assistance-dogs', productions: ['schwanensee'] }),
  en('Is there a lift to the upper circle?', 'faq.accessibility', { faq: 'wheelchair' }),
  en('Is there a hearing loop in the Kammerspiele?', 'faq.accessibility', { faq: 'hearing-and-surtitles' }),

  // Directions
  de('Wie komme ich vom Hauptbahnhof zum Theater?', 'faq.directions', { faq: 'directions' }),
  de('Adresse vom Theater bitte', 'faq.directions', { faq: 'directions' }),
  de('mit welcher linie komm ich zum theater', 'faq.directions', { faq: 'directions' }),
  de('Gilt meine Eintrittskarte als Fahrkarte für Bus und Bahn?', 'faq.directions', { faq: 'directions' }),
  de('Wo ist eigentlich die Stadthalle? Wir haben Karten fürs Sinfoniekonzert', 'faq.directions', { faq: 'stadthalle-directions', genres: ['orchestral'] }),
  de('Wie kommen wir zum Messias? Ist das im Theater?', 'faq.directions', { faq: 'stadthalle-directions', productions: ['der-messias'] }),
  en('where exactly is the theatre, I have never been to Auenstadt', 'faq.directions', { faq: 'directions' }),
  en('How do I get to the theatre from the train station', 'faq.directions', { faq: 'directions' }),
  en('How far is the theatre from the main station on foot?', 'faq.directions', { faq: 'directions' }),
  en('Is public transport free with my ticket?', 'faq.directions', { faq: 'directions' }),
  en('Which tram goes to the Stadthalle?', 'faq.directions', { faq: 'stadthalle-directions' }),
  en("Where is the New Year's Concert held?", 'faq.directions', { faq: 'stadthalle-directions', productions: ['neujahrskonzert'] }),

  // Parking
  de('Kann man in der Nähe parken?', 'faq.parking', { faq: 'parking' }),
  de('Was kostet das Parkhaus abends?', 'faq.parking', { faq: 'parking' }),
  de('Mein Mann hat einen blauen Parkausweis – kann man direkt am Theater halten?', 'faq.parking', { faq: 'parking' }),
  de('Gibt es Fahrradständer am Theater', 'faq.parking', { faq: 'parking' }),
  en('parking options near you?', 'faq.parking', { faq: 'parking' }),
  en('Is there parking at the Stadthalle?', 'faq.parking', { faq: 'parking' }),
  en('where can i park my car near the theatre', 'faq.parking', { faq: 'parking' }),
  en(
    'Hi, we are coming from Hannover by car on Saturday for the Magic Flute and wanted to know where the best place to park is and how much it costs. Thanks!',
    'faq.parking',
    { faq: 'parking', productions: ['die-zauberfloete'], dates: ['2026-11-14'] },
  ),

  // Cloakroom
  de('Kostet die Garderobe extra?', 'faq.cloakroom', { faq: 'cloakroom' }),
  de('Muss ich meine große Tasche abgeben oder kann ich die mit reinnehmen', 'faq.cloakroom', { faq: 'cloakroom' }),
  de('Gibt es im Museum Schließfächer?', 'faq.cloakroom', { faq: 'cloakroom' }),
  en('Is there a coat check?', 'faq.cloakroom', { faq: 'cloakroom' }),
  en('are bags allowed inside or do i have to check them', 'faq.cloakroom', { faq: 'cloakroom' }),
  en('Do I have to pay for the cloakroom?', 'faq.cloakroom', { faq: 'cloakroom' }),
  en('Are there lockers at the museum?', 'faq.cloakroom', { faq: 'cloakroom' }),

  // Gastronomy
  de('Kann man vor der Vorstellung bei euch was essen?', 'faq.gastronomy', { faq: 'foyer-cafe' }),
  de('Gibt es veganes Essen im Café?', 'faq.gastronomy', { faq: 'foyer-cafe' }),
  de('Kann ich die Pausengetränke vorher bestellen?', 'faq.gastronomy', { faq: 'foyer-cafe' }),
  de('Darf man Getränke mit in den Saal nehmen?', 'faq.gastronomy', { faq: 'foyer-cafe' }),
  en('Is there a bar or cafe in the theatre?', 'faq.gastronomy', { faq: 'foyer-cafe' }),
  en('can we grab a bite to eat before the show', 'faq.gastronomy', { faq: 'foyer-cafe' }),
  en('Is the café open during the day too?', 'faq.gastronomy', { faq: 'foyer-cafe' }),

  // Photography
  de('Sind Handyfotos während der Aufführung ok?', 'faq.photography', { faq: 'photography' }),
  de('Ist Filmen mit dem Handy erlaubt?', 'faq.photography', { faq: 'photography' }),
  de('Kannst du mir sagen, ob man beim Ballett Fotos machen darf?', 'faq.photography', { faq: 'photography', genres: ['ballet'] }),
  de('Kann ich im Museum Fotos machen?', 'faq.photography', { faq: 'photography' }),
  en('Are photos allowed?', 'faq.photography', { faq: 'photography' }),
  en('can I take pictures at the curtain call', 'faq.photography', { faq: 'photography' }),
  en('Is it ok to film a bit of the show on my phone', 'faq.photography', { faq: 'photography' }),

  // Groups and schools
  de('Wir sind ein Kegelverein mit 25 Leuten, gibt es Gruppenrabatt?', 'faq.groups_schools', { faq: 'groups', ticketCount: 25 }),
  de('Ab wie vielen Personen gilt man als Gruppe?', 'faq.groups_schools', { faq: 'groups' }),
  de('Ich bin Lehrerin und möchte mit meiner 7. Klasse ins Theater, was kostet das?', 'faq.groups_schools', { faq: 'schools', audience: 'school' }),
  de('Gibt es Schulvorstellungen von Tschick vormittags?', 'faq.groups_schools', { faq: 'schools', productions: ['tschick'], audience: 'school' }),
  de('Wie meldet man eine Schulklasse an?', 'faq.groups_schools', { faq: 'schools', audience: 'school' }),
  en('Do you offer group rates for 20 people?', 'faq.groups_schools', { faq: 'groups', ticketCount: 20 }),
  en('How do group bookings work? We would be around 30 people', 'faq.groups_schools', { faq: 'groups', ticketCount: 30 }),
  en('I teach year 9 and want to bring my class to see Tschick. How do I book a school performance?', 'faq.groups_schools', { faq: 'schools', productions: ['tschick'], audience: 'school' }),
  en('do you have teaching materials for teachers', 'faq.groups_schools', { faq: 'schools' }),
  en('Do you have discounts for school classes?', 'faq.groups_schools', { faq: 'schools', audience: 'school' }),

  // Vouchers
  de('Kann man Gutscheine kaufen?', 'faq.vouchers', { faq: 'vouchers' }),
  de('Wie lange ist ein Geschenkgutschein gültig?', 'faq.vouchers', { faq: 'vouchers' }),
  de('Ich suche ein Weihnachtsgeschenk für meine Eltern – gibt es Theatergutscheine zum Ausdrucken?', 'faq.vouchers', { faq: 'vouchers' }),
  en('do you sell gift cards', 'faq.vouchers', { faq: 'vouchers' }),
  en('I got a gift voucher for my birthday, how do I use it when booking on your website?', 'faq.vouchers', { faq: 'vouchers' }),
  en('Can a gift voucher be used in the café as well?', 'faq.vouchers', { faq: 'vouchers' }),

  // Lost property
  de('Ich habe gestern meinen Schal im Theater vergessen', 'faq.lost_found', { faq: 'lost-and-found', dates: ['2026-11-11'] }),
  de('Habt ihr ein Fundbüro?', 'faq.lost_found', { faq: 'lost-and-found' }),
  de('Meine Tochter hat am Sonntag bei Frau Holle ihre Mütze liegen lassen', 'faq.lost_found', { faq: 'lost-and-found', productions: ['frau-holle'], dates: ['2026-11-08'] }),
  en('I think I left my glasses at Faust last Saturday, row 7', 'faq.lost_found', { faq: 'lost-and-found', productions: ['faust'], dates: ['2026-11-07'] }),
  en('where do I go if I lost something at a performance', 'faq.lost_found', { faq: 'lost-and-found' }),
  en('how long do you keep lost items', 'faq.lost_found', { faq: 'lost-and-found' }),
  en('my son lost his phone in the museum yesterday, has anyone handed it in?', 'faq.lost_found', { faq: 'lost-and-found', dates: ['2026-11-11'] }),

  // The house's other entries: age, late admission, dress code, booklets, exchange
  de('Ab wie viel Jahren ist die Zauberflöte geeignet?', 'faq.other', { faq: 'age-recommendations', productions: ['die-zauberfloete'] }),
  de('Kann ich mein Baby mit in die Vorstellung nehmen?', 'faq.other', { faq: 'age-recommendations' }),
  de('Was passiert, wenn wir zu spät kommen?', 'faq.other', { faq: 'late-admission' }),
  de('Wir stehen im Stau und schaffen es nicht pünktlich, kommen wir noch rein?', 'faq.other', { faq: 'late-admission' }),
  de('Gibt es eine Kleiderordnung in der Oper?', 'faq.other', { faq: 'dress-code', genres: ['opera'] }),
  de('Muss man sich schick machen oder geht auch Jeans?', 'faq.other', { faq: 'dress-code' }),
  de('Was kostet das Programmheft und wo gibt es das?', 'faq.other', { faq: 'programme-booklets' }),
  de('Gibt es vor der Vorstellung eine Einführung?', 'faq.other', { faq: 'programme-booklets' }),
  de('Kann ich meine Karten für Faust umtauschen? Ich bin an dem Tag krank', 'faq.other', { faq: 'ticket-exchange', productions: ['faust'] }),
  de('Die Vorstellung wurde abgesagt – bekomme ich mein Geld zurück?', 'faq.other', { faq: 'ticket-exchange' }),
  en('Is The Magic Flute suitable for a 6 year old?', 'faq.other', { faq: 'age-recommendations', productions: ['die-zauberfloete'], age: 6 }),
  en('What is the minimum age for Woyzeck?', 'faq.other', { faq: 'age-recommendations', productions: ['woyzeck'] }),
  en('Do babies need a ticket?', 'faq.other', { faq: 'age-recommendations' }),
  en('Will I be let in if I am a few minutes late?', 'faq.other', { faq: 'late-admission' }),
  en(
    "hey so i bought tix for woyzeck tonight but i'm stuck at work and will be like 20 min late, will they still let me in??",
    'faq.other',
    { faq: 'late-admission', productions: ['woyzeck'], dates: [tonight] },
  ),
  en('what should I wear to the ballet', 'faq.other', { faq: 'dress-code', genres: ['ballet'] }),
  en('Do you sell programmes?', 'faq.other', { faq: 'programme-booklets' }),
  en('Is there a pre-show talk before the opera?', 'faq.other', { faq: 'programme-booklets', genres: ['opera'] }),
  en('can i return my tickets? something came up', 'faq.other', { faq: 'ticket-exchange' }),
  en('I need to change my tickets to a different date', 'faq.other', { faq: 'ticket-exchange' }),
  en('Can I exchange my Swan Lake tickets for a voucher?', 'faq.other', { faq: 'ticket-exchange', productions: ['schwanensee'] }),

  // Programme: what is on, when, for whom
  de('Was läuft am Wochenende?', 'programme', { dates: [weekend] }),
  de('was gibts heute abend', 'programme', { dates: [tonight] }),
  de('Wann spielt ihr wieder die Zauberflöte?', 'programme', { productions: ['die-zauberfloete'] }),
  de('Ist Faust morgen ausverkauft?', 'programme', { productions: ['faust'], dates: ['2026-11-13'] }),
  de('Habt ihr im Dezember etwas für Kinder?', 'programme', { dates: [december], audience: 'children' }),
  de('Gibt es diese Woche noch Ballett?', 'programme', { genres: ['ballet'], dates: ['2026-11-12/2026-11-16'] }),
  de('Wann ist die Premiere von Schwanensee?', 'programme', { productions: ['schwanensee'] }),
  de('Welche Ausstellungen zeigt das Museum zurzeit?', 'programme', { genres: ['exhibition'] }),
  de('Gibt es an Silvester eine Vorstellung?', 'programme', { dates: ['2026-12-31'] }),
  de('Wie lange dauert Woyzeck? Gibt es eine Pause?', 'programme', { productions: ['woyzeck'] }),
  de('Spielt ihr auch den Nussknacker?', 'programme'),
  de('Welche Opern stehen diese Saison auf dem Spielplan', 'programme', { genres: ['opera'] }),
  de('Was kann man nächste Woche mit Jugendlichen anschauen?', 'programme', { audience: 'youth', dates: ['2026-11-16/2026-11-23'] }),
  de('Wann kommt Carmen?', 'programme', { productions: ['carmen'] }),
  de('Gibt es noch Karten für die Schneekönigin am 22.11.?', 'programme', { productions: ['die-schneekoenigin'], dates: ['2026-11-22'] }),
  de('Zauberflöhte am Samstag, wann fängt die an?', 'programme', { productions: ['die-zauberfloete'], dates: ['2026-11-14'] }),
  de('Um wie viel Uhr beginnt der Messias?', 'programme', { productions: ['der-messias'] }),
  de('was ist die neue produktion in den kammerspielen', 'programme'),
  de('Wann sind die nächsten Sinfoniekonzerte?', 'programme', { genres: ['orchestral'] }),
  de('Habt ihr am Sonntagnachmittag was für die Familie?', 'programme', { audience: 'family', dates: ['2026-11-15T12:00/2026-11-15T18:00'] }),
  de('Wie lange läuft die Ausstellung „Hinter dem Vorhang“ noch?', 'programme', { productions: ['hinter-dem-vorhang'], genres: ['exhibition'] }),
  de('Gibt es bei euch auch Lesungen?', 'programme', { genres: ['reading'] }),
  de('Welche Führungen gibt es im Museum am Sonntag?', 'programme', { genres: ['guided_tour'], dates: ['2026-11-15'] }),
  de('Tschick – gibt es da noch Abendvorstellungen?', 'programme', { productions: ['tschick'] }),
  de('Was läuft heute im Großen Haus?', 'programme', { dates: ['2026-11-12'] }),
  de('welche stücke spielt ihr im november', 'programme', { dates: ['2026-11-01/2026-12-01'] }),
  en("what's on tonight", 'programme', { dates: [tonight] }),
  en('What is playing next weekend?', 'programme', { dates: [weekend] }),
  en('When is Swan Lake on?', 'programme', { productions: ['schwanensee'] }),
  en('Any opera in December?', 'programme', { genres: ['opera'], dates: [december] }),
  en('Is there anything for kids on Saturday afternoon?', 'programme', { audience: 'children', dates: ['2026-11-14T12:00/2026-11-14T18:00'] }),
  en('how long is the magic flute', 'programme', { productions: ['die-zauberfloete'] }),
  en('Do you have any jazz coming up?', 'programme', { genres: ['jazz'] }),
  en('When does the Fledermaus premiere?', 'programme', { productions: ['die-fledermaus'] }),
  en('Is there a new exhibition opening in January?', 'programme', { genres: ['exhibition'], dates: ['2027-01-01/2027-02-01'] }),
  en('When are the next performances of Woyzeck', 'programme', { productions: ['woyzeck'] }),
  en('Are there still seats for The Servant of Two Masters in May?', 'programme', { productions: ['der-diener-zweier-herren'], dates: ['2027-05-01/2027-06-01'] }),
  en('what time does the snow queen start on sunday', 'programme', { productions: ['die-schneekoenigin'], dates: ['2026-11-15'] }),
  en('Do you have any readings or talks coming up?', 'programme', { genres: ['reading', 'talk'] }),
  en('show me the programme for next week', 'programme', { dates: ['2026-11-16/2026-11-23'] }),
  en('Are you doing Cabaret this season?', 'programme', { productions: ['cabaret'] }),
  en("What's on at the Kammerspiele this week?", 'programme', { dates: ['2026-11-12/2026-11-16'] }),
  en('When is the next chamber music concert?', 'programme', { genres: ['chamber_music'] }),
  en('Is Peter and the Wolf a concert or a play?', 'programme', { productions: ['peter-und-der-wolf'] }),
  en('Which shows are on the 28th of November?', 'programme', { dates: ['2026-11-28'] }),
  en('anything contemporary dance wise in the coming weeks', 'programme', { genres: ['contemporary_dance'], dates: ['2026-11-12/2026-12-10'] }),
  en('When is Mother Holle on again?', 'programme', { productions: ['frau-holle'] }),
  en('When is Tschick on next?', 'programme', { productions: ['tschick'] }),
  en('whats on at the museum this sunday', 'programme', { dates: ['2026-11-15'] }),
  en('Do you still have tickets for Frau Holle on 22 November?', 'programme', { productions: ['frau-holle'], dates: ['2026-11-22'] }),
  en('Any family performances in December?', 'programme', { audience: 'family', dates: [december] }),

  // Booking
  de('Ich hätte gern zwei Karten für die Zauberflöte am Samstag', 'book', { ticketCount: 2, productions: ['die-zauberfloete'], dates: ['2026-11-14'] }),
  de('4 Tickets für Schwanensee am 27.11. bitte', 'book', { ticketCount: 4, productions: ['schwanensee'], dates: ['2026-11-27'] }),
  de('Kann ich hier direkt Karten buchen?', 'book'),
  de('Wir möchten am 29. November um 11 Uhr mit 2 Erwachsenen und 3 Kindern in die Schneekönigin', 'book', {
    ticketCount: 5,
    productions: ['die-schneekoenigin'],
    audience: 'children',
    dates: ['2026-11-29T11:00/2026-11-29T12:00'],
  }),
  de('Karten für Faust nächste Woche Freitag, ermäßigt für Studenten', 'book', { productions: ['faust'], dates: ['2026-11-20'], reduced: true }),
  de('Einmal Woyzeck heute Abend bitte', 'book', { ticketCount: 1, productions: ['woyzeck'], dates: [tonight] }),
  de('ich will karten kaufen für das neujahrskonzert', 'book', { productions: ['neujahrskonzert'] }),
  de('Reservieren Sie mir bitte drei Plätze im Parkett für Die Fledermaus an Silvester', 'book', { ticketCount: 3, productions: ['die-fledermaus'], dates: ['2026-12-31'] }),
  de('Buch mir 2 Plätze für Tschick am 11.12.', 'book', { ticketCount: 2, productions: ['tschick'], dates: ['2026-12-11'] }),
  en('I would like to book 2 tickets for Swan Lake on 25 November', 'book', { ticketCount: 2, productions: ['schwanensee'], dates: ['2026-11-25'] }),
  en('Can I buy tickets through this chat?', 'book'),
  en('two tickets for faust tomorrow night please', 'book', { ticketCount: 2, productions: ['faust'], dates: ['2026-11-13T17:00/2026-11-14T00:00'] }),
  en('I want to get tickets for the Messiah concert on 14 December', 'book', { productions: ['der-messias'], dates: ['2026-12-14'] }),
  en('Book Woyzeck for me on the 21st', 'book', { productions: ['woyzeck'], dates: ['2026-11-21'] }),
  en('3 tickets for the Snow Queen this Sunday, 2 kids and me', 'book', { ticketCount: 3, productions: ['die-schneekoenigin'], audience: 'children', dates: ['2026-11-15'] }),
  en('Id like tickets for the new years concert for me and my wife', 'book', { ticketCount: 2, productions: ['neujahrskonzert'] }),
  en('Get me 4 student tickets for Carmen on 30 January', 'book', { ticketCount: 4, reduced: true, productions: ['carmen'], dates: ['2027-01-30'] }),
  en('I want 2 tickets for Schwerkraft on the 18th', 'book', { ticketCount: 2, productions: ['schwerkraft'], dates: ['2026-11-18'] }),
  en('Hello, I would like to purchase tickets for the Magic Flute on December 3rd, category I if possible', 'book', { productions: ['die-zauberfloete'], dates: ['2026-12-03'] }),

  // Recommendations and discovery
  de('Was könnt ihr mir für einen ersten Theaterbesuch empfehlen?', 'recommend'),
  de('Ich suche was Lustiges für einen Abend mit Freunden, was würdest du empfehlen?', 'recommend'),
  de('Meine Tochter ist 9 – welches Stück passt zu ihr?', 'recommend', { age: 9 }),
  en('Any recommendations for someone who loves opera?', 'recommend', { genres: ['opera'] }),
  en('What would you suggest for a date night?', 'recommend'),
  en('We are visiting Auenstadt for the first time, what should we see?', 'recommend'),
  de('Zeig mir einfach irgendwas Überraschendes', 'surprise'),
  de('Ich will mal was ganz anderes sehen als sonst, schlag mir irgendwas Zufälliges vor', 'surprise'),
  en('Go on, surprise me with something I would never pick myself', 'surprise'),
  en("I can't decide, just throw a random show at me", 'surprise'),

  // Tickets that did not arrive
  de('Meine Karten sind nicht per Mail gekommen', 'resend_tickets'),
  de('Ich habe die E-Mail mit den Tickets gelöscht, könnt ihr sie nochmal schicken? Meine Adresse ist k.hoffmann@example.de', 'resend_tickets', { email: 'k.hoffmann@example.de' }),
  de('Hab bestellt aber keine Bestätigung bekommen', 'resend_tickets'),
  de('Wo finde ich meine Online-Tickets? Im Postfach ist nichts', 'resend_tickets'),
  en('I never received my tickets', 'resend_tickets'),
  en('Could you resend the tickets for Saturday to jane.doe@example.com', 'resend_tickets', { email: 'jane.doe@example.com', dates: ['2026-11-14'] }),
  en('The confirmation email with my e-tickets went to spam and I deleted it by accident', 'resend_tickets'),
  en('I lost my tickets for tomorrow, can you send them again?', 'resend_tickets', { dates: ['2026-11-13'] }),

  // A person, please
  de('Ich hätte gern einen Ansprechpartner aus Fleisch und Blut', 'handover'),
  de('Kann mich bitte jemand vom Kartenservice anschreiben?', 'handover'),
  de('Rufen Sie mich bitte zurück', 'handover'),
  de('Gibt es jemanden an der Kasse, mit dem ich das direkt klären kann?', 'handover'),
  en('talk to a human', 'handover'),
  en('Can I speak to someone from the box office please?', 'handover'),
  en('This bot is not helping, put me through to an agent', 'handover'),
  en('I need to speak to a member of staff about a wheelchair booking', 'handover'),

  // Complaints
  de('Ich möchte mich beschweren: gestern Abend war es im Saal eiskalt und niemand hat reagiert', 'complaint', { dates: ['2026-11-11T17:00/2026-11-12T00:00'] }),
  de('Das Personal an der Garderobe war total unfreundlich, das geht gar nicht!', 'complaint'),
  de('Unverschämtheit, 48 Euro und man sieht nichts von der Bühne', 'complaint'),
  en('I want to make a formal complaint about the usher who was rude to my mother', 'complaint'),
  en('Really disappointed with Faust on Saturday, the sound was terrible and we could not hear the actors', 'complaint', { productions: ['faust'], dates: ['2026-11-07'] }),
  en('Your website charged me twice for the same order!!', 'complaint'),

  // Small talk and the dialogue's answers
  de('Hallo ihr Lieben, schönen guten Tag', 'greeting'),
  de('Servus miteinander', 'greeting'),
  en('hi, good afternoon', 'greeting'),
  en('Hello, anyone there?', 'greeting'),
  de('Super, vielen lieben Dank!', 'thanks'),
  de('danke dir, hat geholfen', 'thanks'),
  en('thanks a lot, that helps', 'thanks'),
  en('cheers mate', 'thanks'),
  de('Tschüss, bis bald', 'goodbye'),
  en('ok bye', 'goodbye'),
  en('have a nice evening, bye', 'goodbye'),
  de('ja genau', 'affirm'),
  de('Ja, passt so', 'affirm'),
  en('yes that is correct', 'affirm'),
  en('yep sounds good', 'affirm'),
  de('Nee, falsch verstanden', 'deny'),
  en('no, not interested', 'deny'),
  en('nah, wrong show', 'deny'),
  de('Vergiss es, abbrechen', 'cancel'),
  en('never mind, cancel that', 'cancel'),

  // Outside what a house's assistant knows
  de('Welche Zeitzone hat Tokio?', 'unknown'),
  de('Kannst du mir ein Gedicht schreiben?', 'unknown'),
  de('Was kostet ein Flug nach Mallorca?', 'unknown'),
  de('Wer ist der Bürgermeister von Auenstadt?', 'unknown'),
  de('Ich suche eine Wohnung in der Innenstadt', 'unknown'),
  de('asdf asdf', 'unknown'),
  en('can you help me with my maths homework', 'unknown'),
  en('do you know any good jokes about cats', 'unknown'),
  en('Do you know a good dentist nearby?', 'unknown'),
  en('How do I reset my router', 'unknown'),
  en('Who wrote Hamlet?', 'unknown'),
  en('qwertyuiop', 'unknown'),
];
