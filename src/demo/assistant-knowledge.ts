import type { KnowledgeEntryForUnderstanding } from '../assistant/nlu/types.ts';

/*
 * The demo house's knowledge base: what the visitor assistant of Theater Auenstadt
 * answers on its own. Addresses, halls, trams, prices and museum hours are those of
 * examples/demo-house (house.json, productions.json); what the files do not hold (box
 * office hours, cloakroom, café) is invented here and kept consistent across entries.
 * Answers are German first, in the Sie form. The question variants are training data
 * for the assistant; the evaluation set (src/assistant/nlu/evaluation/set.ts) must never
 * repeat one of them, and a test checks that.
 */

export interface KnowledgeLink {
  label: string;
  url: string;
}

/** A knowledge entry as the demo seeds it: the shape understanding reads, plus its stable key, links and whether only a person answers it. */
export type KnowledgeEntrySeed = Omit<KnowledgeEntryForUnderstanding, 'id'> & {
  key: string;
  links: KnowledgeLink[];
  humanOnly: boolean;
};

const site = 'https://theater-auenstadt.example';

export const demoKnowledge: readonly KnowledgeEntrySeed[] = [
  {
    key: 'box-office-hours',
    topic: 'opening_hours',
    questions: {
      de: [
        'Wann hat die Theaterkasse geöffnet?',
        'Öffnungszeiten der Kasse',
        'Bis wann ist die Vorverkaufskasse offen?',
        'Hat die Kasse samstags auf?',
        'Wann kann ich an der Kasse Karten kaufen?',
        'Ab wann ist die Abendkasse geöffnet?',
      ],
      en: [
        'When is the box office open?',
        'Box office opening hours',
        'Is the ticket office open on Saturdays?',
        'What time does the box office close?',
        'When does the evening box office open?',
      ],
    },
    answer: {
      de: 'Die Theaterkasse im Foyer des Theaters (Theaterplatz 1) ist dienstags bis freitags von 10 bis 18 Uhr und samstags von 10 bis 14 Uhr geöffnet, montags und sonntags ist sie geschlossen. Die Abendkasse öffnet jeweils eine Stunde vor Vorstellungsbeginn am Spielort. Telefonisch erreichen Sie uns unter +49 555 4410-0 zu den Kassenzeiten, per E-Mail unter service@theater-auenstadt.example.',
      en: 'The box office in the theatre foyer (Theaterplatz 1) is open Tuesday to Friday from 10 am to 6 pm and on Saturdays from 10 am to 2 pm; it is closed on Mondays and Sundays. The evening box office at the venue opens one hour before each performance. You can call us on +49 555 4410-0 during box office hours or write to service@theater-auenstadt.example.',
    },
    links: [{ label: 'Kasse und Service', url: `${site}/service/kasse` }],
    humanOnly: false,
  },
  {
    key: 'house-opening',
    topic: 'opening_hours',
    questions: {
      de: [
        'Wann ist Einlass?',
        'Wann öffnet das Foyer vor der Vorstellung?',
        'Wie früh sollte ich vor der Vorstellung da sein?',
        'Ab wann darf man in den Saal?',
        'Wann werden die Türen geöffnet?',
      ],
      en: [
        'When do the doors open?',
        'What time does the foyer open before the show?',
        'How early should I arrive before the performance?',
        'When can we go into the auditorium?',
      ],
    },
    answer: {
      de: 'Das Foyer öffnet eine Stunde vor Vorstellungsbeginn, der Saal 30 Minuten vorher. Wir empfehlen, etwa eine halbe Stunde vor Beginn da zu sein, damit Sie in Ruhe Garderobe und Platz finden. Die Vorstellungen beginnen pünktlich.',
      en: 'The foyer opens one hour before the performance, the auditorium 30 minutes before. We recommend arriving about half an hour early so that you can leave your coat and find your seat without hurry. Performances start on time.',
    },
    links: [{ label: 'Ihr Theaterbesuch', url: `${site}/service/besuch` }],
    humanOnly: false,
  },
  {
    key: 'museum-hours',
    topic: 'opening_hours',
    questions: {
      de: [
        'Wann hat das Museum geöffnet?',
        'Öffnungszeiten Museum am Theaterplatz',
        'Ist das Museum montags offen?',
        'Wie lange hat das Museum donnerstags auf?',
        'Hat das Museum an Weihnachten geöffnet?',
      ],
      en: [
        'What are the museum opening hours?',
        'Is the museum open on Mondays?',
        'How late is the museum open on Thursday?',
        'When can I visit the exhibitions?',
        'Is the museum open over Christmas?',
      ],
    },
    answer: {
      de: 'Das Museum am Theaterplatz ist dienstags, mittwochs und freitags von 10 bis 18 Uhr, donnerstags von 10 bis 20 Uhr und samstags und sonntags von 11 bis 18 Uhr geöffnet; montags ist es geschlossen. An Heiligabend und am 1. Weihnachtstag bleibt es geschlossen, Silvester ist bis 14 Uhr und Neujahr ab 13 Uhr geöffnet.',
      en: 'The Museum am Theaterplatz is open Tuesday, Wednesday and Friday from 10 am to 6 pm, Thursday from 10 am to 8 pm and Saturday and Sunday from 11 am to 6 pm; it is closed on Mondays. It is closed on Christmas Eve and Christmas Day, open until 2 pm on New Year’s Eve and from 1 pm on New Year’s Day.',
    },
    links: [{ label: 'Museum am Theaterplatz', url: `${site}/museum` }],
    humanOnly: false,
  },
  {
    key: 'ticket-prices',
    topic: 'prices',
    questions: {
      de: [
        'Was kosten die Karten?',
        'Wie teuer ist eine Karte für die Oper?',
        'Preise',
        'Was kostet der Eintritt ins Museum?',
        'Gibt es Vorverkaufsgebühren?',
        'Wie viel kostet ein Ticket fürs Schauspiel?',
      ],
      en: [
        'How much are tickets?',
        'What does an opera ticket cost?',
        'Ticket prices',
        'How much is admission to the museum?',
        'Is there a booking fee?',
      ],
    },
    answer: {
      de: 'Die Preise hängen von Sparte und Platz ab: Schauspiel im Großen Haus 15 bis 36 €, Oper 18 bis 48 €, Operette und Musical 16 bis 44 €, Ballett 16 bis 42 €, Sinfoniekonzerte 16 bis 36 €. In den Kammerspielen gilt ein Einheitspreis von 26 € (Tanz 24 €), Kammerkonzerte kosten 18 €, Jugendtheater 12 €, Kindertheater 8 € für Erwachsene und 6 € für Kinder. Der Museumseintritt kostet 9 €, unter 18 Jahren ist er frei. An der Theaterkasse zahlen Sie keine Vorverkaufsgebühr.',
      en: 'Prices depend on the genre and the seat: drama in the Großes Haus €15 to €36, opera €18 to €48, operetta and musicals €16 to €44, ballet €16 to €42, symphony concerts €16 to €36. The Kammerspiele have a single price of €26 (dance €24), chamber concerts cost €18, youth theatre €12, children’s theatre €8 for adults and €6 for children. Museum admission is €9 and free for under-18s. There is no booking fee at the box office.',
    },
    links: [{ label: 'Preise', url: `${site}/service/preise` }],
    humanOnly: false,
  },
  {
    key: 'price-categories',
    topic: 'prices',
    questions: {
      de: [
        'Was bedeuten die Preisgruppen?',
        'Welche Preisgruppe hat die beste Sicht?',
        'Wo sitze ich in Preisgruppe III?',
        'Gibt es einen Saalplan mit den Preiskategorien?',
      ],
      en: [
        'What are the price categories?',
        'Which price category has the best view?',
        'Where are the seats in category III?',
        'Is there a seating plan with the price categories?',
      ],
    },
    answer: {
      de: 'Im Großen Haus und im Konzertsaal gibt es vier Preisgruppen: Preisgruppe I sind die mittleren Reihen im Parkett und die erste Reihe im 1. Rang, II das übrige Parkett und der 1. Rang, III der 2. Rang, IV die Seitenplätze mit eingeschränkter Sicht. In den Kammerspielen, im Studio und im Spiegelfoyer gilt freie Platzwahl zum Einheitspreis. Den Saalplan sehen Sie bei der Buchung.',
      en: 'The Großes Haus and the concert hall have four price categories: category I is the middle of the stalls and the front row of the dress circle, II the rest of the stalls and the dress circle, III the upper circle, IV the side seats with a restricted view. The Kammerspiele, the Studio and the Spiegelfoyer have unreserved seating at a single price. You see the seating plan when you book.',
    },
    links: [{ label: 'Saalpläne', url: `${site}/service/saalplaene` }],
    humanOnly: false,
  },
  {
    key: 'reductions',
    topic: 'reductions',
    questions: {
      de: [
        'Gibt es Ermäßigungen?',
        'Bekommen Studenten Rabatt?',
        'Ermäßigung für Schwerbehinderte',
        'Gibt es ermäßigte Karten für Arbeitslose?',
        'Wer bekommt den ermäßigten Preis?',
        'Muss ich einen Nachweis für die Ermäßigung zeigen?',
      ],
      en: [
        'Do you offer discounts?',
        'Is there a student discount?',
        'Are there concessions for disabled visitors?',
        'Who is eligible for reduced tickets?',
        'Do I need proof for a reduced ticket?',
      ],
    },
    answer: {
      de: 'Schülerinnen und Schüler, Studierende, Auszubildende, Freiwilligendienstleistende, Arbeitslose, Menschen mit Schwerbehinderung (ab GdB 50) und ihre Begleitperson sowie Inhaber des Auenstädter Kulturpasses erhalten 50 % Ermäßigung in allen Preisgruppen. Bitte zeigen Sie den Nachweis beim Einlass vor. Für Silvestervorstellungen und Sonderveranstaltungen gibt es keine Ermäßigung.',
      en: 'Pupils, students, trainees, people in voluntary service, unemployed people, people with a severe disability (degree 50 or more) and their companion, and holders of the Auenstadt Kulturpass get 50% off in every price category. Please show your proof at the entrance. There are no reductions for New Year’s Eve and special events.',
    },
    links: [{ label: 'Ermäßigungen', url: `${site}/service/ermaessigungen` }],
    humanOnly: false,
  },
  {
    key: 'children-young-people',
    topic: 'reductions',
    questions: {
      de: [
        'Was zahlen Kinder?',
        'Ist der Eintritt für Kinder frei?',
        'Gibt es Kinderkarten?',
        'Zahlen Jugendliche unter 18 im Museum etwas?',
      ],
      en: [
        'How much do children pay?',
        'Do kids get in free?',
        'Are there child tickets?',
        'Is the museum free for under 18s?',
      ],
    },
    answer: {
      de: 'Im Kindertheater zahlen Kinder bis 14 Jahre 6 €, Erwachsene 8 €. Für alle anderen Vorstellungen erhalten Schülerinnen und Schüler 50 % Ermäßigung. Im Museum am Theaterplatz ist der Eintritt für Kinder und Jugendliche unter 18 Jahren frei, auch bei den Museumsführungen.',
      en: 'At the children’s theatre, children up to 14 pay €6 and adults €8. For all other performances, pupils get 50% off. At the Museum am Theaterplatz admission is free for children and young people under 18, guided tours included.',
    },
    links: [{ label: 'Junges Theater', url: `${site}/junges-theater` }],
    humanOnly: false,
  },
  {
    key: 'kulturpass',
    topic: 'reductions',
    questions: {
      de: [
        'Kann ich mit dem KulturPass bezahlen?',
        'Nehmt ihr den Kulturpass?',
        'Gilt der Auenstädter Kulturpass bei euch?',
        'Gibt es Karten für Menschen mit wenig Geld?',
      ],
      en: [
        'Do you accept the KulturPass?',
        'Can I use my culture pass?',
        'Are there tickets for people on a low income?',
        'Does the Auenstadt Kulturpass work for tickets?',
      ],
    },
    answer: {
      de: 'Ja. Mit dem Auenstädter Kulturpass (für Menschen mit Bürgergeld, Wohngeld oder Grundsicherung) erhalten Sie 50 % Ermäßigung auf alle Karten. Das KulturPass-Guthaben des Bundes für 18-Jährige können Sie an der Theaterkasse und bei der Online-Buchung einlösen.',
      en: 'Yes. The Auenstadt Kulturpass (for people receiving Bürgergeld, housing benefit or basic income support) gives you 50% off every ticket. The federal KulturPass credit for 18-year-olds can be redeemed at the box office and when booking online.',
    },
    links: [{ label: 'Ermäßigungen', url: `${site}/service/ermaessigungen` }],
    humanOnly: false,
  },
  {
    key: 'wheelchair',
    topic: 'accessibility',
    questions: {
      de: [
        'Ist das Theater barrierefrei?',
        'Gibt es Rollstuhlplätze?',
        'Wie komme ich mit dem Rollstuhl in den Saal?',
        'Gibt es einen Aufzug?',
        'Gibt es eine barrierefreie Toilette?',
        'Kann ich mit Rollator kommen?',
      ],
      en: [
        'Is the theatre wheelchair accessible?',
        'Do you have wheelchair spaces?',
        'Is there a lift?',
        'Is there an accessible toilet?',
        'Can I bring my walker?',
      ],
    },
    answer: {
      de: 'Alle Säle sind für Rollstühle zugänglich. Der stufenlose Eingang ist an der Bühnenpforte in der Wallstraße, von dort erreichen Sie mit dem Aufzug alle Foyers; barrierefreie Toiletten gibt es auf jeder Ebene. Im Großen Haus gibt es 6 Rollstuhlplätze, in den Kammerspielen 4, im Studio und im Spiegelfoyer je 2, jeweils mit Platz für eine Begleitperson. Bitte buchen Sie Rollstuhlplätze telefonisch oder an der Kasse, damit wir sie freihalten.',
      en: 'All halls are wheelchair accessible. The step-free entrance is at the stage door on Wallstraße; from there a lift reaches every foyer, and there are accessible toilets on every level. The Großes Haus has 6 wheelchair spaces, the Kammerspiele 4, the Studio and the Spiegelfoyer 2 each, all with a seat for a companion. Please book wheelchair spaces by phone or at the box office so that we can keep them free.',
    },
    links: [{ label: 'Barrierefreiheit', url: `${site}/service/barrierefreiheit` }],
    humanOnly: false,
  },
  {
    key: 'hearing-and-surtitles',
    topic: 'accessibility',
    questions: {
      de: [
        'Gibt es eine Induktionsschleife?',
        'Ich bin schwerhörig, gibt es Hilfen?',
        'Gibt es Übertitel?',
        'Gibt es Vorstellungen mit Gebärdensprache?',
        'Werden Opern mit Untertiteln gezeigt?',
      ],
      en: [
        'Do you have a hearing loop?',
        'I am hard of hearing, what support is there?',
        'Are there surtitles?',
        'Are there sign language performances?',
        'Is there audio description for blind visitors?',
      ],
    },
    answer: {
      de: 'Das Große Haus, die Kammerspiele, der Konzertsaal der Stadthalle und der Museumssaal haben eine induktive Höranlage; Leihempfänger gibt es an der Garderobe. Opern werden mit deutschen und englischen Übertiteln gespielt, einzelne Schauspielvorstellungen mit englischen Übertiteln. Vorstellungen mit Gebärdensprache, Audiodeskription und Tastführung sind im Spielplan gekennzeichnet.',
      en: 'The Großes Haus, the Kammerspiele, the concert hall of the Stadthalle and the Museumssaal have a hearing loop; receivers can be borrowed at the cloakroom. Operas are sung with German and English surtitles, and some drama performances have English surtitles. Performances with sign language, audio description and touch tours are marked in the programme.',
    },
    links: [{ label: 'Barrierefreiheit', url: `${site}/service/barrierefreiheit` }],
    humanOnly: false,
  },
  {
    key: 'assistance-dogs',
    topic: 'accessibility',
    questions: {
      de: [
        'Darf ich meinen Blindenführhund mitbringen?',
        'Sind Assistenzhunde erlaubt?',
        'Darf mein Hund mit in die Vorstellung?',
        'Hat die Begleitperson freien Eintritt?',
      ],
      en: [
        'Can I bring my guide dog?',
        'Are assistance dogs allowed?',
        'Can my dog come to the show?',
        'Does my carer get a free ticket?',
      ],
    },
    answer: {
      de: 'Assistenz- und Blindenführhunde sind in allen Sälen und im Museum willkommen; bitte sagen Sie uns bei der Buchung Bescheid, damit wir einen passenden Platz vorsehen. Andere Hunde dürfen leider nicht mit in die Vorstellung. Eine notwendige Begleitperson (Merkzeichen B) erhält eine Freikarte.',
      en: 'Assistance and guide dogs are welcome in every hall and in the museum; please tell us when you book so that we can give you a suitable seat. Other dogs cannot come into the performance, sorry. A necessary companion (B marker on the disability card) gets a free ticket.',
    },
    links: [{ label: 'Barrierefreiheit', url: `${site}/service/barrierefreiheit` }],
    humanOnly: false,
  },
  {
    key: 'directions',
    topic: 'directions',
    questions: {
      de: [
        'Wie komme ich zum Theater?',
        'Welche Straßenbahn fährt zum Theaterplatz?',
        'Wie komme ich vom Bahnhof zu Ihnen?',
        'Wo ist das Theater?',
        'Adresse des Theaters',
        'Welcher Bus hält am Theater?',
      ],
      en: [
        'How do I get to the theatre?',
        'Which tram goes to the theatre?',
        'How do I get there from the train station?',
        'What is the address?',
        'Where is the theatre?',
      ],
    },
    answer: {
      de: 'Das Theater Auenstadt liegt am Theaterplatz 1, 37099 Auenstadt; das Museum am Theaterplatz gleich daneben (Theaterplatz 3). Die Straßenbahnlinien 1 und 4 halten direkt am Theaterplatz, vom Hauptbahnhof sind es mit der Linie 1 drei Stationen oder 15 Minuten zu Fuß. Die Buslinien 12 und 20 halten an der Haltestelle Wallstraße, zwei Minuten entfernt. Ihre Theaterkarte gilt drei Stunden vor bis drei Stunden nach der Vorstellung als Fahrschein im Nahverkehr.',
      en: 'Theater Auenstadt is at Theaterplatz 1, 37099 Auenstadt; the Museum am Theaterplatz is right next door (Theaterplatz 3). Tram lines 1 and 4 stop right at Theaterplatz; from the main station it is three stops on line 1 or a 15-minute walk. Bus lines 12 and 20 stop at Wallstraße, two minutes away. Your theatre ticket is valid on local public transport from three hours before to three hours after the performance.',
    },
    links: [{ label: 'Anfahrt', url: `${site}/service/anfahrt` }],
    humanOnly: false,
  },
  {
    key: 'stadthalle-directions',
    topic: 'directions',
    questions: {
      de: [
        'Wo finden die Sinfoniekonzerte statt?',
        'Wie komme ich zur Stadthalle?',
        'Wo ist die Stadthalle?',
        'Ist das Konzert im Theater oder in der Stadthalle?',
      ],
      en: [
        'Where are the symphony concerts held?',
        'How do I get to the Stadthalle?',
        'Where is the Stadthalle?',
        'Is the concert at the theatre or at the Stadthalle?',
      ],
    },
    answer: {
      de: 'Die Sinfoniekonzerte, das Neujahrskonzert, Der Messias und Peter und der Wolf finden in der Stadthalle Auenstadt statt, Schlossparkallee 12, 37101 Auenstadt. Nehmen Sie die Straßenbahn 3 bis Schlosspark, dann sind es 200 Meter durch den Park. An der Halle gibt es einen eigenen Parkplatz.',
      en: 'The symphony concerts, the New Year’s Concert, Messiah and Peter and the Wolf take place at the Stadthalle Auenstadt, Schlossparkallee 12, 37101 Auenstadt. Take tram 3 to Schlosspark, then walk 200 metres through the park. The hall has its own car park.',
    },
    links: [{ label: 'Spielorte', url: `${site}/service/spielorte` }],
    humanOnly: false,
  },
  {
    key: 'parking',
    topic: 'parking',
    questions: {
      de: [
        'Wo kann ich parken?',
        'Gibt es ein Parkhaus in der Nähe?',
        'Was kostet das Parken am Abend?',
        'Gibt es Behindertenparkplätze?',
        'Parkplätze am Theater?',
      ],
      en: [
        'Where can I park?',
        'Is there a car park nearby?',
        'How much is parking in the evening?',
        'Are there disabled parking spaces?',
      ],
    },
    answer: {
      de: 'Das Parkhaus Am Wall liegt drei Minuten zu Fuß vom Theater; ab 17 Uhr zahlen Sie dort pauschal 4 € bis Betriebsschluss um 1 Uhr. Zwei Behindertenparkplätze gibt es direkt an der Bühnenpforte in der Wallstraße. Für Konzerte in der Stadthalle gibt es einen eigenen, kostenlosen Parkplatz an der Halle. Fahrräder können Sie an den Bügeln am Theaterplatz abstellen.',
      en: 'The Am Wall car park is a three-minute walk from the theatre; after 5 pm it costs a flat €4 until it closes at 1 am. There are two disabled parking spaces right at the stage door on Wallstraße. For concerts at the Stadthalle there is a free car park at the hall. Bicycles can be left at the racks on Theaterplatz.',
    },
    links: [{ label: 'Anfahrt und Parken', url: `${site}/service/anfahrt` }],
    humanOnly: false,
  },
  {
    key: 'cloakroom',
    topic: 'cloakroom',
    questions: {
      de: [
        'Gibt es eine Garderobe?',
        'Kostet die Garderobe etwas?',
        'Wo kann ich meinen Mantel abgeben?',
        'Darf ich meinen Rucksack mit in den Saal nehmen?',
        'Gibt es Schließfächer?',
      ],
      en: [
        'Is there a cloakroom?',
        'Does the cloakroom cost anything?',
        'Where can I leave my coat?',
        'Can I take my backpack into the auditorium?',
      ],
    },
    answer: {
      de: 'Die Garderobe ist im Eintrittspreis enthalten und bis 30 Minuten nach Vorstellungsende besetzt. Mäntel, große Taschen, Rucksäcke und Schirme geben Sie bitte dort ab; in den Saal dürfen nur kleine Handtaschen. Im Museum gibt es kostenlose Schließfächer (1-€-Pfandmünze).',
      en: 'The cloakroom is included in the ticket price and staffed until 30 minutes after the performance. Please leave coats, large bags, backpacks and umbrellas there; only small handbags may go into the auditorium. The museum has free lockers (a €1 coin deposit).',
    },
    links: [{ label: 'Ihr Theaterbesuch', url: `${site}/service/besuch` }],
    humanOnly: false,
  },
  {
    key: 'foyer-cafe',
    topic: 'gastronomy',
    questions: {
      de: [
        'Kann man im Theater etwas essen?',
        'Gibt es in der Pause Getränke?',
        'Kann ich Getränke für die Pause vorbestellen?',
        'Hat das Foyercafé tagsüber geöffnet?',
        'Gibt es ein Restaurant im Theater?',
      ],
      en: [
        'Is there food at the theatre?',
        'Can I get drinks in the interval?',
        'Can I pre-order interval drinks?',
        'Is there a café or restaurant?',
      ],
    },
    answer: {
      de: 'Das Foyercafé „Kulisse“ öffnet eine Stunde vor jeder Vorstellung und bietet Getränke, Suppe, belegte Brote und Kuchen, auch vegetarisch und vegan. Pausengetränke können Sie vor Beginn an der Bar vorbestellen, sie stehen dann in der Pause bereit. Tagsüber hat das Café dienstags bis samstags von 11 bis 17 Uhr geöffnet. Speisen und Getränke dürfen nicht mit in den Saal.',
      en: 'The foyer café “Kulisse” opens one hour before every performance and serves drinks, soup, sandwiches and cake, with vegetarian and vegan choices. You can pre-order interval drinks at the bar before the performance and they will be waiting for you. In the daytime the café is open Tuesday to Saturday from 11 am to 5 pm. Food and drinks may not be taken into the auditorium.',
    },
    links: [{ label: 'Foyercafé Kulisse', url: `${site}/service/gastronomie` }],
    humanOnly: false,
  },
  {
    key: 'photography',
    topic: 'photography',
    questions: {
      de: [
        'Darf man während der Vorstellung fotografieren?',
        'Ist Filmen im Saal erlaubt?',
        'Darf ich im Museum fotografieren?',
        'Darf ich Fotos für Instagram machen?',
      ],
      en: [
        'Can I take photos during the performance?',
        'Is filming allowed?',
        'May I take pictures in the museum?',
        'Can I take a photo at the curtain call?',
      ],
    },
    answer: {
      de: 'Während der Vorstellung sind Fotos, Film- und Tonaufnahmen aus urheberrechtlichen Gründen und aus Rücksicht auf Publikum und Ensemble nicht erlaubt; beim Schlussapplaus dürfen Sie ohne Blitz fotografieren. Im Foyer sind Fotos gern gesehen. Im Museum dürfen Sie für private Zwecke ohne Blitz und Stativ fotografieren, außer wo ein Schild es untersagt.',
      en: 'Photos, filming and sound recordings are not allowed during the performance, for copyright reasons and out of consideration for the audience and the company; you may take photos without flash at the curtain call. Photos in the foyer are welcome. In the museum you may take pictures for private use without flash or tripod, except where a sign says otherwise.',
    },
    links: [{ label: 'Hausordnung', url: `${site}/service/hausordnung` }],
    humanOnly: false,
  },
  {
    key: 'groups',
    topic: 'groups_schools',
    questions: {
      de: [
        'Gibt es Gruppenrabatt?',
        'Wir sind eine Gruppe von 20 Personen, was gilt für uns?',
        'Wie bucht man für eine Gruppe?',
        'Gibt es Führungen für Gruppen?',
      ],
      en: [
        'Do you have group discounts?',
        'How do we book for a group?',
        'Is there a group rate for 15 people?',
        'Can we book a backstage tour for our group?',
      ],
    },
    answer: {
      de: 'Gruppen ab 15 Personen erhalten 15 % Ermäßigung auf alle Preisgruppen, und jede 21. Karte ist frei. Bitte buchen Sie Gruppen über unseren Besucherservice (service@theater-auenstadt.example, +49 555 4410-0). Führungen hinter die Kulissen für Gruppen bis 25 Personen kosten 6 € pro Person und sind nach Absprache auch außerhalb der festen Termine möglich.',
      en: 'Groups of 15 or more get 15% off in every price category, and every 21st ticket is free. Please book groups through our visitor service (service@theater-auenstadt.example, +49 555 4410-0). Backstage tours for groups of up to 25 cost €6 per person and can be arranged outside the regular dates.',
    },
    links: [{ label: 'Gruppen', url: `${site}/service/gruppen` }],
    humanOnly: false,
  },
  {
    key: 'schools',
    topic: 'groups_schools',
    questions: {
      de: [
        'Was kostet der Theaterbesuch für Schulklassen?',
        'Gibt es Schulvorstellungen am Vormittag?',
        'Wie melde ich meine Klasse an?',
        'Gibt es theaterpädagogische Angebote für Schulen?',
        'Kita-Gruppe im Kindertheater anmelden',
      ],
      en: [
        'How much are tickets for school classes?',
        'Are there morning performances for schools?',
        'How do I register my class?',
        'Do you offer workshops for schools?',
      ],
    },
    answer: {
      de: 'Schulklassen und Kitagruppen zahlen 5 € pro Person für Schauspiel, Kammerspiele, Jugend- und Kindertheater; zwei Begleitpersonen pro Gruppe haben freien Eintritt. Für Tschick und die Kinderstücke gibt es Schulvorstellungen am Vormittag. Das Junge Theater bietet Vor- und Nachbereitung im Klassenzimmer und Materialmappen an. Anmeldung bei schule@theater-auenstadt.example.',
      en: 'School classes and nursery groups pay €5 per person for drama, the Kammerspiele, youth and children’s theatre; two accompanying adults per group go free. There are morning school performances of Tschick and the children’s plays. The Junges Theater offers preparation and follow-up in the classroom and teaching materials. Register at schule@theater-auenstadt.example.',
    },
    links: [{ label: 'Junges Theater: Schule', url: `${site}/junges-theater/schule` }],
    humanOnly: false,
  },
  {
    key: 'vouchers',
    topic: 'vouchers',
    questions: {
      de: [
        'Gibt es Gutscheine?',
        'Kann ich einen Theatergutschein verschenken?',
        'Wie lange ist ein Gutschein gültig?',
        'Kann ich einen Gutschein online einlösen?',
        'Geschenkgutschein kaufen',
      ],
      en: [
        'Do you sell gift vouchers?',
        'How long is a voucher valid?',
        'Can I redeem a voucher online?',
        'Can I give theatre tickets as a present?',
      ],
    },
    answer: {
      de: 'Geschenkgutscheine gibt es über jeden Betrag ab 10 € an der Theaterkasse und im Online-Shop, auch zum Selbstausdrucken. Sie gelten drei Jahre und können für alle Vorstellungen, das Museum und das Foyercafé eingelöst werden, an der Kasse und bei der Online-Buchung.',
      en: 'Gift vouchers for any amount from €10 are sold at the box office and in the online shop, also as print-at-home vouchers. They are valid for three years and can be used for every performance, the museum and the foyer café, at the box office and when booking online.',
    },
    links: [{ label: 'Gutscheine', url: `${site}/gutscheine` }],
    humanOnly: false,
  },
  {
    key: 'lost-and-found',
    topic: 'lost_found',
    questions: {
      de: [
        'Ich habe meinen Schal im Theater vergessen',
        'Fundsachen',
        'Wurde ein Regenschirm gefunden?',
        'Ich habe gestern meine Brille im Saal liegen lassen',
        'Wo ist das Fundbüro?',
      ],
      en: [
        'I left my scarf at the theatre',
        'Lost property',
        'Has anyone found an umbrella?',
        'I lost my glasses at last night’s show',
      ],
    },
    answer: {
      de: 'Fundsachen bewahren wir vier Wochen an der Theaterkasse auf, danach gehen sie an das Fundbüro der Stadt Auenstadt. Bitte rufen Sie zu den Kassenzeiten an (+49 555 4410-0) oder schreiben Sie an service@theater-auenstadt.example, mit Datum, Vorstellung, Platz und einer Beschreibung des Gegenstands.',
      en: 'We keep lost property at the box office for four weeks; after that it goes to the lost property office of the city of Auenstadt. Please call during box office hours (+49 555 4410-0) or write to service@theater-auenstadt.example with the date, performance, seat and a description of the item.',
    },
    links: [{ label: 'Kasse und Service', url: `${site}/service/kasse` }],
    humanOnly: false,
  },
  {
    key: 'age-recommendations',
    topic: 'other',
    questions: {
      de: [
        'Ab welchem Alter ist das Stück geeignet?',
        'Ist die Oper etwas für Kinder?',
        'Altersempfehlung',
        'Dürfen Babys mit in die Vorstellung?',
      ],
      en: [
        'What age is the show suitable for?',
        'Is the opera suitable for children?',
        'Age recommendation',
        'Can I bring a baby?',
      ],
    },
    answer: {
      de: 'Jede Produktion hat eine Altersempfehlung, die Sie im Spielplan bei den Details finden, zum Beispiel Die Zauberflöte ab 8, Die Schneekönigin ab 5, Faust ab 14. Kinder unter 3 Jahren können wir aus Rücksicht auf das übrige Publikum nur in ausgewiesenen Familienvorstellungen einlassen. Jedes Kind braucht eine eigene Karte.',
      en: 'Every production has an age recommendation, shown in its details in the programme, for example The Magic Flute from 8, The Snow Queen from 5, Faust from 14. Out of consideration for the rest of the audience, children under 3 can only come to the marked family performances. Every child needs their own ticket.',
    },
    links: [{ label: 'Spielplan', url: `${site}/spielplan` }],
    humanOnly: false,
  },
  {
    key: 'late-admission',
    topic: 'other',
    questions: {
      de: [
        'Was passiert, wenn ich zu spät komme?',
        'Kann man nach Beginn noch rein?',
        'Nacheinlass',
        'Ich stecke im Stau, komme ich noch in die Vorstellung?',
      ],
      en: [
        'What if I arrive late?',
        'Is there late admission?',
        'Can latecomers still get in?',
        'I am stuck in traffic, can I still come in?',
      ],
    },
    answer: {
      de: 'Die Vorstellungen beginnen pünktlich. Wer zu spät kommt, wird aus Rücksicht auf Publikum und Ensemble erst zu einer geeigneten Unterbrechung oder zur Pause eingelassen, teils auf einen anderen Platz; bei manchen Stücken ist kein Nacheinlass möglich. Ein Anspruch auf Erstattung besteht dann leider nicht.',
      en: 'Performances start on time. Out of consideration for the audience and the company, latecomers are admitted at a suitable break or at the interval, sometimes to a different seat; some productions have no late admission at all. We are sorry that late arrival gives no right to a refund.',
    },
    links: [{ label: 'Ihr Theaterbesuch', url: `${site}/service/besuch` }],
    humanOnly: false,
  },
  {
    key: 'dress-code',
    topic: 'other',
    questions: {
      de: [
        'Gibt es eine Kleiderordnung?',
        'Was zieht man in der Oper an?',
        'Muss ich mich schick machen?',
        'Darf ich in Jeans kommen?',
      ],
      en: [
        'Is there a dress code?',
        'What should I wear to the opera?',
        'Do I have to dress up?',
        'Can I wear jeans?',
      ],
    },
    answer: {
      de: 'Eine Kleiderordnung gibt es nicht: Kommen Sie so, wie Sie sich wohlfühlen, ob in Jeans oder im Abendkleid. Zu Premieren und zu Silvester machen sich viele gern etwas schicker.',
      en: 'There is no dress code: come as you feel comfortable, in jeans or in an evening dress. Many people like to dress up a little for premieres and New Year’s Eve.',
    },
    links: [{ label: 'Ihr Theaterbesuch', url: `${site}/service/besuch` }],
    humanOnly: false,
  },
  {
    key: 'programme-booklets',
    topic: 'other',
    questions: {
      de: [
        'Gibt es ein Programmheft?',
        'Was kostet das Programmheft?',
        'Kann ich das Programmheft online lesen?',
        'Gibt es eine Stückeinführung?',
      ],
      en: [
        'Is there a programme booklet?',
        'How much is the programme?',
        'Can I read the programme online?',
        'Is there a pre-show talk?',
      ],
    },
    answer: {
      de: 'Programmhefte gibt es für 3 € an der Garderobe und bei den Einlassdiensten, für Konzerte 2 €; viele finden Sie auch kostenlos als PDF bei der Produktion im Spielplan. Zu Oper, Schauspiel und Ballett gibt es 30 Minuten vor Beginn eine kostenlose Einführung im Spiegelfoyer.',
      en: 'Programme booklets cost €3 at the cloakroom and from the ushers, €2 for concerts; many are also free as a PDF with the production in the programme. For opera, drama and ballet there is a free introduction in the Spiegelfoyer 30 minutes before the performance.',
    },
    links: [{ label: 'Spielplan', url: `${site}/spielplan` }],
    humanOnly: false,
  },
  {
    key: 'ticket-exchange',
    topic: 'other',
    questions: {
      de: [
        'Kann ich meine Karten umtauschen?',
        'Kann ich Tickets zurückgeben?',
        'Ich kann nicht kommen, bekomme ich mein Geld zurück?',
        'Was passiert, wenn eine Vorstellung ausfällt?',
        'Karten stornieren',
      ],
      en: [
        'Can I exchange my tickets?',
        'Can I return tickets?',
        'I can’t make it, can I get a refund?',
        'What happens if a performance is cancelled?',
      ],
    },
    answer: {
      de: 'Gekaufte Karten sind vom Umtausch ausgeschlossen, aber bis drei Tage vor der Vorstellung tauschen wir sie gegen eine Gebühr von 2 € pro Karte in eine andere Vorstellung derselben Spielzeit oder in einen Gutschein um. Fällt eine Vorstellung aus, erstatten wir den vollen Preis oder tauschen kostenlos um; wir benachrichtigen Sie per E-Mail.',
      en: 'Tickets cannot be returned, but up to three days before the performance we exchange them for another performance of the same season or for a voucher, for a fee of €2 per ticket. If a performance is cancelled, we refund the full price or exchange free of charge, and tell you by email.',
    },
    links: [{ label: 'Umtausch und Erstattung', url: `${site}/service/umtausch` }],
    humanOnly: false,
  },
];
