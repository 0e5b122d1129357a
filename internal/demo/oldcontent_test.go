package demo

import (
	"reflect"
	"testing"
)

// The demo content as it was defined in Go before it moved to content/. It stays here only until the
// loaded content has been compared with it (TestLoadedContentEqualsOldContent); then it is deleted.

// oldProject is one demo project of the city's digital strategy.
type oldProject struct {
	Slug          string
	Title         string
	Summary       string   // one or two sentences
	Description   string   // Markdown, 3-6 paragraphs, may use headings and lists
	PlainSummary  string   // Leichte Sprache: very short sentences, one idea per sentence, explain hard words
	Status        string   // idea, planned, in_progress, pilot, done, paused, cancelled
	OwnerUnit     string   // department, city company or IT subsidiary, see below
	Principles    []string // subset of citizen_centred, efficiency, inclusion, once_only, transparency
	ExpectedReach int64    // users per year
	Effort        int      // 1..5
	BudgetEUR     *int64   // nil when unknown
	StartDate     string   // "YYYY-MM-DD" or ""
	EndDate       string   // "YYYY-MM-DD" or ""
	LotseName     string   // Digital-Lotse contact (fictional person)
	LotseEmail    string   // @example.org addresses only
	PreModeration bool     // comments of residents wait for a moderator's approval
	Documents     []oldDocument
}

// oldDocument is one Markdown document of a demo project.
type oldDocument struct {
	Kind     string // concept, specification, report, evaluation
	Title    string
	Markdown string // several paragraphs; at least one heading and one list in some documents
	// Revision, when non-empty, is a second version of the same document in which one paragraph is changed
	// and one paragraph added, all other blocks identical to Markdown.
	Revision string
}

// eur returns a pointer to a budget in euros.
func eur(v int64) *int64 { return &v }

// oldProjects is the demo data set.
var oldProjects = []oldProject{
	{
		Slug:    "online-terminvergabe-buergerbuero",
		Title:   "Online-Terminvergabe für die Bürgerbüros",
		Summary: "Termine in allen Bürgerbüros lassen sich rund um die Uhr online buchen, verschieben und absagen. Freie Termine werden tagesaktuell angezeigt, Erinnerungen kommen per E-Mail oder SMS.",
		Description: `## Worum es geht

Wer einen Personalausweis beantragen, einen Wohnsitz anmelden oder ein Führungszeugnis bestellen wollte, stand bis 2022 oft lange in der Warteschlange. Mit der Online-Terminvergabe lassen sich Termine in allen acht Bürgerbüros rund um die Uhr buchen, verschieben und absagen.

## Was umgesetzt wurde

- Buchung über das städtische Serviceportal, auch ohne Bürgerkonto
- Anzeige der tagesaktuell freien Termine je Bürgerbüro und Anliegen
- Erinnerung per E-Mail oder SMS, Absage mit einem Klick
- Ein Kontingent von 20 Prozent der Termine für die telefonische und persönliche Vergabe

## Analoger Zugang bleibt

Wer kein Internet nutzt, bekommt Termine weiterhin über das Bürgertelefon oder am Empfang der Bürgerbüros. Für dringende Fälle – etwa einen verlorenen Reisepass kurz vor einer Reise – gibt es täglich offene Sprechzeiten ohne Termin.

## Stand

Das Vorhaben ist abgeschlossen. Die Wartezeit in den Bürgerbüros ist deutlich gesunken; Abschlussbericht und Evaluation sind unten veröffentlicht. Hinweise zur weiteren Verbesserung nimmt das Bürgeramt gern entgegen.`,
		PlainSummary:  "Sie brauchen einen neuen Ausweis? Dann gehen Sie zum Bürger-Büro. Das Bürger-Büro ist ein Amt der Stadt. Für das Bürger-Büro brauchen Sie einen Termin. Den Termin können Sie im Internet machen. Das geht an jedem Tag. Auch in der Nacht. Sie haben kein Internet? Dann rufen Sie beim Bürger-Telefon an. Dort bekommen Sie auch einen Termin.",
		Status:        "done",
		OwnerUnit:     "Bürgeramt",
		Principles:    []string{"citizen_centred", "efficiency", "inclusion"},
		ExpectedReach: 380000,
		Effort:        2,
		BudgetEUR:     eur(420000),
		StartDate:     "2022-01-10",
		EndDate:       "2023-06-30",
		LotseName:     "Annett Bergmann",
		LotseEmail:    "annett.bergmann@example.org",
		Documents: []oldDocument{
			{
				Kind:  "report",
				Title: "Abschlussbericht Online-Terminvergabe",
				Markdown: `## Zusammenfassung

Die Online-Terminvergabe ist seit Juni 2023 in allen acht Bürgerbüros im Regelbetrieb. Im ersten vollen Betriebsjahr wurden rund 310.000 Termine gebucht, davon 78 Prozent online.

## Ergebnisse

- Die mittlere Wartezeit vor Ort sank von 74 auf 12 Minuten.
- Die Quote nicht wahrgenommener Termine liegt bei 9 Prozent.
- Rund 22 Prozent der Termine wurden telefonisch oder am Empfang vergeben.
- Die Zahl der Beschwerden über Wartezeiten ging um zwei Drittel zurück.

## Kosten

Für Lizenz, Einführung und Schulungen wurden 398.000 Euro ausgegeben, 22.000 Euro weniger als geplant. Die laufenden Kosten betragen rund 48.000 Euro im Jahr.

## Offene Punkte

Die Quote nicht wahrgenommener Termine ist noch zu hoch. Das Bürgeramt prüft, ob Termine künftig automatisch freigegeben werden, wenn die Erinnerung nicht bestätigt wird.`,
				Revision: `## Zusammenfassung

Die Online-Terminvergabe ist seit Juni 2023 in allen acht Bürgerbüros im Regelbetrieb. Im ersten vollen Betriebsjahr wurden rund 310.000 Termine gebucht, davon 78 Prozent online.

## Ergebnisse

- Die mittlere Wartezeit vor Ort sank von 74 auf 12 Minuten.
- Die Quote nicht wahrgenommener Termine liegt bei 9 Prozent.
- Rund 22 Prozent der Termine wurden telefonisch oder am Empfang vergeben.
- Die Zahl der Beschwerden über Wartezeiten ging um zwei Drittel zurück.

## Kosten

Für Lizenz, Einführung und Schulungen wurden 398.000 Euro ausgegeben, 22.000 Euro weniger als geplant. Die laufenden Kosten betragen rund 48.000 Euro im Jahr.

## Offene Punkte

Die Quote nicht wahrgenommener Termine war zu hoch. Seit März 2024 werden Termine automatisch freigegeben, wenn die Erinnerung nicht innerhalb von 24 Stunden bestätigt wird; die Quote ist seitdem auf 6 Prozent gesunken.

Auf Anregung aus der Beteiligung prüft das Bürgeramt zusätzlich, ob die Buchung auch in Leichter Sprache sowie auf Englisch, Ukrainisch und Arabisch angeboten werden kann.`,
			},
			{
				Kind:  "evaluation",
				Title: "Evaluation nach einem Betriebsjahr",
				Markdown: `## Methode

Ausgewertet wurden die Buchungsdaten von Juli 2023 bis Juni 2024 sowie eine Befragung von 1.240 Besucherinnen und Besuchern in vier Bürgerbüros.

## Zufriedenheit

- 87 Prozent fanden die Buchung einfach oder sehr einfach.
- 9 Prozent hatten Probleme, einen passenden Termin zu finden.
- Ältere Menschen buchten deutlich häufiger telefonisch als online.

## Empfehlung

Das Kontingent für telefonisch vergebene Termine soll beibehalten werden. In Stadtteilen mit einem hohen Anteil älterer Menschen sollen zusätzliche Termine ohne Online-Buchung angeboten werden.`,
			},
		},
	},
	{
		Slug:    "online-wohnsitzanmeldung",
		Title:   "Elektronische Wohnsitzanmeldung",
		Summary: "Wer in die Stadt zieht oder innerhalb der Stadt umzieht, kann den Wohnsitz online mit dem Online-Ausweis anmelden. Die Wohnungsgeberbestätigung wird digital übermittelt.",
		Description: `## Worum es geht

Jedes Jahr melden sich in der Stadt rund 60.000 Menschen an oder um. Bisher war dafür ein Termin im Bürgerbüro nötig. Die elektronische Wohnsitzanmeldung ist ein Online-Dienst, den Länder und Kommunen gemeinsam nach dem Einer-für-Alle-Prinzip entwickelt haben; die Stadt bindet ihn an ihr Melderegister an.

## So funktioniert es

1. Anmeldung mit dem Online-Ausweis über das Bürgerkonto
2. Eingabe der neuen Adresse und der mitziehenden Personen
3. Digitale Wohnungsgeberbestätigung durch die Vermieterin oder den Vermieter
4. Prüfung durch das Bürgeramt und Bestätigung in das digitale Postfach

## Pilotphase

Seit Herbst 2024 läuft ein Pilot für Einzelpersonen mit deutschem Personalausweis. Familien, Zuzüge aus dem Ausland und Menschen mit elektronischem Aufenthaltstitel folgen schrittweise. Der Adressaufkleber für den Ausweis kommt per Post.

## Was wir wissen wollen

Uns interessiert besonders, an welcher Stelle Sie im Online-Formular hängen bleiben und was Vermieterinnen und Vermieter für die digitale Bestätigung brauchen.`,
		PlainSummary:  "Sie ziehen in eine neue Wohnung? Dann müssen Sie das dem Amt sagen. Das heißt: Wohn-Sitz anmelden. Das können Sie jetzt auch im Internet machen. Dafür brauchen Sie Ihren Ausweis. Der Ausweis muss eine Online-Funktion haben. Ihr Vermieter bestätigt den Einzug auch im Internet. Sie müssen dann nicht zum Amt gehen. Wir testen das gerade. Ein Test heißt auch: Pilot.",
		Status:        "pilot",
		OwnerUnit:     "Bürgeramt",
		Principles:    []string{"citizen_centred", "efficiency", "once_only"},
		ExpectedReach: 52000,
		Effort:        3,
		BudgetEUR:     eur(260000),
		StartDate:     "2024-09-01",
		EndDate:       "2026-06-30",
		LotseName:     "Tobias Reinhardt",
		LotseEmail:    "tobias.reinhardt@example.org",
		Documents: []oldDocument{
			{
				Kind:  "report",
				Title: "Zwischenbericht zur Pilotphase",
				Markdown: `## Stand

Seit dem Start des Piloten im Oktober 2024 wurden 4.870 Anmeldungen online eingereicht. 91 Prozent davon konnten ohne Rückfrage bearbeitet werden.

## Häufige Probleme

- Die Wohnungsgeberbestätigung fehlt oder wurde nicht digital übermittelt.
- Der Online-Ausweis ist nicht aktiviert oder die PIN ist unbekannt.
- Mitziehende Kinder können im Pilot noch nicht angemeldet werden.

## Bearbeitungszeit

Die mittlere Bearbeitungszeit beträgt zwei Arbeitstage. Im Bürgerbüro dauert eine Anmeldung einschließlich Wartezeit im Mittel 35 Minuten für die Bürgerin oder den Bürger und 12 Minuten für die Sachbearbeitung.

## Nächste Schritte

Ab dem zweiten Quartal 2026 sollen auch Familien den Dienst nutzen können. Dafür wird die Schnittstelle zum Melderegister erweitert.`,
				Revision: `## Stand

Seit dem Start des Piloten im Oktober 2024 wurden 4.870 Anmeldungen online eingereicht. 91 Prozent davon konnten ohne Rückfrage bearbeitet werden.

## Häufige Probleme

- Die Wohnungsgeberbestätigung fehlt oder wurde nicht digital übermittelt.
- Der Online-Ausweis ist nicht aktiviert oder die PIN ist unbekannt.
- Mitziehende Kinder können im Pilot noch nicht angemeldet werden.

Für Fragen zur PIN bieten die Digital-Lotsen seit Januar 2026 eine wöchentliche Sprechstunde in den Bürgerbüros und Stadtteilbibliotheken an.

## Bearbeitungszeit

Die mittlere Bearbeitungszeit beträgt zwei Arbeitstage. Im Bürgerbüro dauert eine Anmeldung einschließlich Wartezeit im Mittel 35 Minuten für die Bürgerin oder den Bürger und 12 Minuten für die Sachbearbeitung.

## Nächste Schritte

Familien sollen den Dienst ab dem dritten Quartal 2026 nutzen können. Die Erweiterung verzögert sich, weil der Hersteller der Meldesoftware die nötige Schnittstelle erst im Sommer ausliefert.`,
			},
		},
	},
	{
		Slug:    "once-only-meldewesen",
		Title:   "Once-Only im Meldewesen: Adressdaten nur einmal angeben",
		Summary: "Nach einem Umzug sollen andere städtische Stellen – etwa Kfz-Zulassung, Hundesteuer oder Elternbeiträge – die neue Adresse automatisch aus dem Melderegister erhalten. Welche Stelle welche Daten bekommen hat, ist jederzeit einsehbar.",
		Description: `## Ausgangslage

Wer umzieht, meldet die neue Adresse im Bürgerbüro an – und teilt sie danach oft noch mehrfach mit: der Kfz-Zulassungsstelle, der Wohngeldstelle, der Elternbeitragsstelle für die Kita, der Hundesteuerstelle. Jede dieser Stellen pflegt eigene Daten, die nicht immer übereinstimmen.

## Ziel

Die Stadt will ihre Fachverfahren so an das Melderegister anbinden, dass eine Adressänderung nur einmal angegeben werden muss. Nach dem Once-Only-Prinzip werden die Daten intern weitergegeben – aber nur an Stellen, die dafür eine Rechtsgrundlage haben oder für die eine Einwilligung vorliegt.

## Geplante Schritte

- Bestandsaufnahme aller städtischen Fachverfahren, die Adressdaten speichern
- Anbindung der ersten drei Verfahren über den Standard XMeld
- Ein Datencockpit im Bürgerkonto, das zeigt, welche Stelle welche Daten erhalten hat
- Eine Datenschutz-Folgenabschätzung gemeinsam mit dem Datenschutzbeauftragten

## Offene Fragen

Wir möchten wissen, welche Mehrfachangaben Sie am meisten stören. Ihre Hinweise helfen bei der Auswahl der ersten Verfahren.`,
		PlainSummary:  "Sie ziehen um. Dann sagen Sie dem Bürger-Büro Ihre neue Adresse. Heute müssen Sie die Adresse oft noch anderen Ämtern sagen. Zum Beispiel dem Amt für Autos. Das wollen wir ändern. Sie sagen die Adresse nur einmal. Die Ämter geben die Adresse dann weiter. Das heißt: Once-Only. Das ist Englisch. Es bedeutet: nur einmal. Sie können immer nachsehen: Welches Amt hat meine Adresse bekommen?",
		Status:        "planned",
		OwnerUnit:     "Bürgeramt",
		Principles:    []string{"once_only", "efficiency", "citizen_centred", "transparency"},
		ExpectedReach: 120000,
		Effort:        4,
		BudgetEUR:     eur(1150000),
		StartDate:     "2026-04-01",
		EndDate:       "2028-03-31",
		LotseName:     "Tobias Reinhardt",
		LotseEmail:    "tobias.reinhardt@example.org",
		Documents: []oldDocument{
			{
				Kind:  "concept",
				Title: "Grobkonzept zur Weitergabe von Adressdaten",
				Markdown: `## Zweck

Dieses Grobkonzept beschreibt, wie Adressänderungen aus dem Melderegister an städtische Fachverfahren weitergegeben werden. Es ist Grundlage für die Ausschreibung und für die Datenschutz-Folgenabschätzung.

## Verfahren der ersten Stufe

- Kfz-Zulassung
- Hundesteuer
- Elternbeiträge für die Kindertagesbetreuung

## Technischer Ansatz

Das Melderegister sendet bei jeder Adressänderung eine Nachricht im Standard XMeld an eine zentrale Verteilstelle. Die Verteilstelle prüft, welche Fachverfahren die Person führen, und leitet nur die notwendigen Felder weiter.

## Protokollierung

Jede Weitergabe wird protokolliert. Bürgerinnen und Bürger können die Protokolle über das Bürgerkonto einsehen.`,
				Revision: `## Zweck

Dieses Grobkonzept beschreibt, wie Adressänderungen aus dem Melderegister an städtische Fachverfahren weitergegeben werden. Es ist Grundlage für die Ausschreibung und für die Datenschutz-Folgenabschätzung.

## Verfahren der ersten Stufe

- Kfz-Zulassung
- Hundesteuer
- Elternbeiträge für die Kindertagesbetreuung

## Technischer Ansatz

Das Melderegister sendet bei jeder Adressänderung eine Nachricht im Standard XMeld an eine zentrale Verteilstelle, die die Kommunale Informationsverarbeitung GmbH betreibt. Die Verteilstelle speichert selbst keine Meldedaten; sie fragt die Fachverfahren ab, ob sie die Person führen, und leitet nur die notwendigen Felder weiter.

## Protokollierung

Jede Weitergabe wird protokolliert. Bürgerinnen und Bürger können die Protokolle über das Bürgerkonto einsehen.

Die Protokolle werden nach zwei Jahren gelöscht, sofern keine längere Aufbewahrung gesetzlich vorgeschrieben ist.`,
			},
		},
	},
	{
		Slug:    "ki-assistenz-buergertelefon",
		Title:   "KI-Assistenz im Bürgertelefon",
		Summary: "Ein Sprachassistent sollte einfache Anfragen im Bürgertelefon beantworten, etwa zu Öffnungszeiten und benötigten Unterlagen. Das Vorhaben ruht, bis Fragen zu Qualität, Datenschutz und Barrierefreiheit geklärt sind.",
		Description: `## Idee

Das Bürgertelefon beantwortet jedes Jahr rund 250.000 Anrufe. Ein großer Teil betrifft wiederkehrende Fragen: Öffnungszeiten, benötigte Unterlagen, Gebühren, der Stand eines Antrags. Ein KI-gestützter Sprachassistent sollte diese Fragen rund um die Uhr beantworten und die Mitarbeitenden für schwierigere Anliegen entlasten.

## Warum das Vorhaben ruht

Im Labortest mit 300 Beispielanfragen beantwortete der Assistent 81 Prozent der Fragen richtig. Bei Gebühren und Fristen waren jedoch mehrere Antworten falsch, ohne dass dies für Anrufende erkennbar gewesen wäre. Außerdem verstand das System Menschen mit starkem Akzent, Sprachbehinderung oder geringen Deutschkenntnissen deutlich schlechter.

Die Verwaltungsspitze hat das Vorhaben deshalb im Februar 2025 angehalten. Vor einer Fortsetzung sollen geklärt sein:

- eine Datenschutz-Folgenabschätzung für die Verarbeitung von Sprachaufnahmen
- die Anforderungen aus der europäischen KI-Verordnung
- ein verlässlicher Wechsel zu einem Menschen, jederzeit und ohne Umwege
- eine Qualitätsprüfung mit Menschen, die das Bürgertelefon besonders häufig nutzen

## Beteiligung

Der Digitalrat wird das Vorhaben in einer seiner nächsten Sitzungen beraten. Ihre Meinung ist gefragt: Unter welchen Bedingungen würden Sie mit einem Sprachassistenten der Stadt sprechen?`,
		PlainSummary:  "Sie rufen beim Bürger-Telefon an. Dann spricht ein Mensch mit Ihnen. Wir wollten ein Computer-Programm testen. Das Programm kann sprechen. Es kann auch Fragen beantworten. So ein Programm nennt man: KI. KI heißt: Künstliche Intelligenz. Das Programm hat manchmal falsch geantwortet. Darum machen wir gerade eine Pause. Wir prüfen alles genau. Sie können immer mit einem Menschen sprechen.",
		Status:        "paused",
		OwnerUnit:     "Bürgeramt",
		Principles:    []string{"citizen_centred", "efficiency"},
		ExpectedReach: 210000,
		Effort:        4,
		BudgetEUR:     eur(640000),
		StartDate:     "2024-05-01",
		EndDate:       "",
		LotseName:     "Sabine Lorenz",
		LotseEmail:    "sabine.lorenz@example.org",
		Documents: []oldDocument{
			{
				Kind:  "evaluation",
				Title: "Auswertung des Labortests",
				Markdown: `## Testaufbau

Mitarbeitende des Bürgertelefons haben 300 typische Anfragen aus dem Jahr 2023 nachgesprochen. Der Assistent beantwortete sie auf Grundlage der städtischen Leistungsbeschreibungen, ohne Zugriff auf persönliche Daten.

## Ergebnisse

- 81 Prozent der Antworten waren richtig und vollständig.
- 11 Prozent waren unvollständig, aber nicht falsch.
- 8 Prozent waren falsch, vor allem bei Gebühren und Fristen.
- Bei Anfragen mit starkem Akzent sank der Anteil richtiger Antworten auf 64 Prozent.

## Bewertung

Für einen Einsatz mit echten Anrufenden reicht die Qualität nicht aus. Falsche Auskünfte zu Fristen können für Betroffene rechtliche Nachteile haben.

## Empfehlung

Der Test soll erst fortgesetzt werden, wenn der Assistent Unsicherheit erkennen und das Gespräch zuverlässig an einen Menschen übergeben kann.`,
			},
		},
	},
	{
		Slug:    "mobiles-buergerbuero",
		Title:   "Mobiles Bürgerbüro für Pflegeheime und Ortschaften",
		Summary: "Mit einem Bürgerkoffer kommen Mitarbeitende des Bürgeramts zu Menschen, die nicht ins Bürgerbüro kommen können – in Pflegeheime, Krankenhäuser und Ortschaften am Stadtrand.",
		Description: `## Worum es geht

Für einen neuen Personalausweis müssen Antragstellende persönlich erscheinen: Foto, Unterschrift und Fingerabdrücke werden vor Ort erfasst. Für Menschen im Pflegeheim, im Krankenhaus oder mit schwerer Behinderung ist der Weg ins Bürgerbüro oft nicht möglich.

## Die Lösung

Ein mobiler Bürgerkoffer enthält alles, was für einen Ausweisantrag nötig ist: Laptop, Kamera, Fingerabdruckscanner, Unterschriftenpad und eine gesicherte Verbindung. Zwei Mitarbeitende des Bürgeramts fahren damit nach Terminvereinbarung zu den Menschen.

## Geplante Einsätze

- regelmäßige Sprechtage in Pflegeheimen, abgestimmt mit den Heimleitungen
- Hausbesuche für Menschen, die ihre Wohnung nicht verlassen können
- monatliche Sprechtage in den Ortschaften am Stadtrand

## Warum es einfach ist

Die Technik ist erprobt und wird in vielen Kommunen eingesetzt. Mit geringem Aufwand erreicht das Vorhaben Menschen, für die digitale Angebote allein nicht ausreichen.`,
		PlainSummary:  "Manche Menschen können nicht zum Bürger-Büro gehen. Zum Beispiel: Sie sind krank. Oder Sie wohnen im Pflege-Heim. Dann kommt das Bürger-Büro zu Ihnen. Die Mitarbeiter bringen einen Koffer mit. Im Koffer ist alles für einen neuen Ausweis. Sie machen vorher einen Termin. Das geht am Telefon.",
		Status:        "planned",
		OwnerUnit:     "Bürgeramt",
		Principles:    []string{"inclusion", "citizen_centred"},
		ExpectedReach: 1800,
		Effort:        1,
		BudgetEUR:     eur(38000),
		StartDate:     "2026-05-01",
		EndDate:       "2026-12-31",
		LotseName:     "Annett Bergmann",
		LotseEmail:    "annett.bergmann@example.org",
		Documents: []oldDocument{
			{
				Kind:  "concept",
				Title: "Einsatzkonzept Bürgerkoffer",
				Markdown: `## Zielgruppen

Das Angebot richtet sich an Menschen, die aus gesundheitlichen Gründen das Bürgerbüro nicht aufsuchen können, sowie an Bewohnerinnen und Bewohner der Ortschaften ohne eigenes Bürgerbüro.

## Leistungen

- Anträge auf Personalausweis und Reisepass
- Meldebescheinigungen
- Beglaubigungen von Unterschriften für Vollmachten

## Organisation

Termine werden telefonisch über das Bürgertelefon vergeben. Pro Einsatztag sind bis zu zwölf Anträge vorgesehen. Die fertigen Ausweise werden ebenfalls persönlich übergeben.

## Kosten

Die Anschaffung von zwei Bürgerkoffern kostet rund 38.000 Euro. Das Personal kommt aus dem bestehenden Stellenplan der Bürgerbüros.`,
				Revision: `## Zielgruppen

Das Angebot richtet sich an Menschen, die aus gesundheitlichen Gründen das Bürgerbüro nicht aufsuchen können, sowie an Bewohnerinnen und Bewohner der Ortschaften ohne eigenes Bürgerbüro.

## Leistungen

- Anträge auf Personalausweis und Reisepass
- Meldebescheinigungen
- Beglaubigungen von Unterschriften für Vollmachten

## Organisation

Termine werden über das Bürgertelefon vergeben; Pflegeeinrichtungen und Sozialdienste können Termine auch gesammelt für ihre Bewohnerinnen und Bewohner anmelden. Pro Einsatztag sind bis zu zwölf Anträge vorgesehen. Die fertigen Ausweise werden ebenfalls persönlich übergeben.

## Kosten

Die Anschaffung von zwei Bürgerkoffern kostet rund 38.000 Euro. Das Personal kommt aus dem bestehenden Stellenplan der Bürgerbüros.

Nach sechs Monaten wird ausgewertet, wie viele Menschen erreicht wurden und ob zusätzliche Einsatztage nötig sind.`,
			},
		},
	},
	{
		Slug:    "bundid-buergerkonto",
		Title:   "Bürgerkonto mit BundID-Anbindung",
		Summary: "Das städtische Serviceportal nutzt die BundID als Bürgerkonto. Wer registriert ist, kann Anträge mit dem Online-Ausweis stellen und Bescheide im digitalen Postfach empfangen.",
		Description: `## Worum es geht

Bis 2023 hatte die Stadt ein eigenes Servicekonto. Wer Leistungen von Stadt, Land und Bund nutzen wollte, brauchte mehrere Zugänge. Mit der Anbindung an die BundID, das zentrale Bürgerkonto des Bundes, genügt ein einziges Konto.

## Was umgesetzt wurde

- Anmeldung am Serviceportal mit BundID, Online-Ausweis oder ELSTER-Zertifikat
- Übernahme von Name und Anschrift aus dem Konto in die Formulare
- Zustellung von Bescheiden in das BundID-Postfach
- Übertragung bestehender städtischer Konten mit Zustimmung der Nutzenden

## Ergebnis

Seit Dezember 2024 ist das alte Servicekonto abgeschaltet. 68 städtische Online-Dienste sind an die BundID angebunden. Die Kommunale Informationsverarbeitung GmbH betreibt die Schnittstelle für alle Ämter.

## Wie es weitergeht

Das Bürgerkonto ist die Grundlage für die geplante zentrale Bürgerplattform und für den Datenaustausch nach dem Once-Only-Prinzip.`,
		PlainSummary:  "Sie wollen etwas bei der Stadt beantragen? Das geht oft im Internet. Dafür brauchen Sie ein Konto. Ein Konto ist ein Zugang mit Namen und Passwort. Das Konto heißt: BundID. Mit der BundID können Sie viele Anträge stellen. Bei der Stadt, beim Land und beim Bund. Sie brauchen nur ein Konto. Die Antworten vom Amt kommen in Ihr Post-Fach im Internet.",
		Status:        "done",
		OwnerUnit:     "Kommunale Informationsverarbeitung GmbH (KID)",
		Principles:    []string{"citizen_centred", "once_only", "efficiency"},
		ExpectedReach: 150000,
		Effort:        2,
		BudgetEUR:     eur(310000),
		StartDate:     "2023-02-01",
		EndDate:       "2024-11-30",
		LotseName:     "Jonas Hartmann",
		LotseEmail:    "jonas.hartmann@example.org",
		Documents: []oldDocument{
			{
				Kind:  "report",
				Title: "Abschlussbericht zur Ablösung des Servicekontos",
				Markdown: `## Ausgangslage

Das städtische Servicekonto hatte Ende 2022 rund 41.000 aktive Konten. Es wurde nicht mehr weiterentwickelt und musste ersetzt werden.

## Vorgehen

- Anbindung der BundID an das Serviceportal über die Schnittstelle des Bundes
- Umstellung der Online-Dienste in drei Wellen
- Information aller Kontoinhaberinnen und Kontoinhaber per E-Mail, sechs Monate vor der Abschaltung

## Ergebnisse

Bis November 2024 wurden 68 Online-Dienste umgestellt. 29.500 Personen haben ihr Konto übertragen. Die Zahl der Online-Anträge stieg im Jahr 2024 um 34 Prozent.

## Lehren

Die Umstellung in Wellen hat sich bewährt. Unterschätzt wurde der Beratungsbedarf: Viele Menschen kannten die PIN ihres Online-Ausweises nicht.`,
				Revision: `## Ausgangslage

Das städtische Servicekonto hatte Ende 2022 rund 41.000 aktive Konten. Es wurde nicht mehr weiterentwickelt und musste ersetzt werden.

## Vorgehen

- Anbindung der BundID an das Serviceportal über die Schnittstelle des Bundes
- Umstellung der Online-Dienste in drei Wellen
- Information aller Kontoinhaberinnen und Kontoinhaber per E-Mail, sechs Monate vor der Abschaltung

## Ergebnisse

Bis November 2024 wurden 68 Online-Dienste umgestellt. 29.500 Personen haben ihr Konto übertragen. Die Zahl der Online-Anträge stieg im Jahr 2024 um 34 Prozent.

Die übrigen rund 11.500 Konten waren seit mehr als zwei Jahren nicht genutzt worden; sie wurden nach der Abschaltung gelöscht.

## Lehren

Die Umstellung in Wellen hat sich bewährt. Unterschätzt wurde der Beratungsbedarf: Viele Menschen kannten die PIN ihres Online-Ausweises nicht. In allen Bürgerbüros kann seither eine neue PIN direkt vor Ort gesetzt werden.`,
			},
		},
	},
	{
		Slug:    "zentrale-buergerplattform",
		Title:   "Zentrale Bürgerplattform für alle Verwaltungsleistungen",
		Summary: "Langfristig sollen alle Verwaltungsleistungen der Stadt über eine Plattform erreichbar sein – vom Antrag bis zum Bescheid, mit einem Konto und einem Postfach.",
		Description: `## Die Idee

Heute gibt es für städtische Leistungen viele Einstiege: das Serviceportal, eigene Portale einzelner Ämter, Formulare zum Herunterladen, E-Mail-Adressen. Die Digitalstrategie sieht vor, langfristig eine zentrale Bürgerplattform aufzubauen, über die alle Verwaltungsleistungen abgewickelt werden können – One-Stop-Government.

## Was die Plattform können soll

- ein Einstieg für alle Anliegen, mit einer Suche in Alltagssprache
- ein Konto und ein Postfach für alle Ämter und städtischen Unternehmen
- eine Übersicht über eigene Anträge mit ihrem Bearbeitungsstand
- Formulare, die bereits bekannte Daten mit Zustimmung vorausfüllen
- gleichwertige Wege per Telefon und vor Ort für alle Leistungen

## Warum es noch eine Idee ist

Die Plattform hängt von vielen Voraussetzungen ab: dem Bürgerkonto, der E-Akte in den Ämtern und dem Datenaustausch nach dem Once-Only-Prinzip. Aufwand und Kosten lassen sich noch nicht seriös schätzen. Die Kommunale Informationsverarbeitung GmbH bereitet dazu eine Machbarkeitsstudie vor.

## Ihre Meinung

Welche Leistungen sollten zuerst auf der Plattform verfügbar sein? Was erwarten Sie von einer zentralen Plattform – und was wäre Ihnen zu viel?`,
		PlainSummary:  "Heute gibt es viele Internet-Seiten für die Ämter. Das ist manchmal schwer. Wir haben eine Idee. Es soll eine Internet-Seite für alles geben. Dort können Sie alle Anträge stellen. Sie sehen dort auch: So weit ist mein Antrag. Das ist noch eine Idee. Wir wissen noch nicht: Wie viel kostet das? Sagen Sie uns Ihre Meinung.",
		Status:        "idea",
		OwnerUnit:     "Kommunale Informationsverarbeitung GmbH (KID)",
		Principles:    []string{"citizen_centred", "once_only", "transparency", "efficiency"},
		ExpectedReach: 400000,
		Effort:        5,
		BudgetEUR:     nil,
		StartDate:     "",
		EndDate:       "",
		LotseName:     "Jonas Hartmann",
		LotseEmail:    "jonas.hartmann@example.org",
		Documents: []oldDocument{
			{
				Kind:  "concept",
				Title: "Eckpunkte für die Machbarkeitsstudie",
				Markdown: `## Auftrag

Die Machbarkeitsstudie soll klären, ob eine zentrale Bürgerplattform auf dem bestehenden Serviceportal aufbauen kann oder neu beschafft werden muss.

## Prüffragen

- Welche der rund 600 kommunalen Leistungen lassen sich in den nächsten vier Jahren vollständig digital anbieten?
- Welche Fachverfahren brauchen eine Schnittstelle zur Plattform?
- Wie lassen sich Online-Dienste anderer Länder und Kommunen nach dem Einer-für-Alle-Prinzip einbinden?
- Welche Betriebskosten entstehen für die Stadt und die städtischen Unternehmen?

## Beteiligung

Die Studie wird vom Digitalrat begleitet. Zwischenergebnisse werden auf dieser Plattform veröffentlicht und zur Diskussion gestellt.

## Zeitplan

Die Ausschreibung der Studie ist für das dritte Quartal 2026 vorgesehen, Ergebnisse werden für das Frühjahr 2027 erwartet.`,
				Revision: `## Auftrag

Die Machbarkeitsstudie soll klären, ob eine zentrale Bürgerplattform auf dem bestehenden Serviceportal aufbauen kann oder neu beschafft werden muss.

## Prüffragen

- Welche der rund 600 kommunalen Leistungen lassen sich in den nächsten vier Jahren vollständig digital anbieten?
- Welche Fachverfahren brauchen eine Schnittstelle zur Plattform?
- Wie lassen sich Online-Dienste anderer Länder und Kommunen nach dem Einer-für-Alle-Prinzip einbinden?
- Welche Betriebskosten entstehen für die Stadt und die städtischen Unternehmen?

## Beteiligung

Die Studie wird vom Digitalrat begleitet. Zwischenergebnisse werden auf dieser Plattform veröffentlicht und zur Diskussion gestellt.

Auf Anregung des Digitalrats werden auch die Angebote der städtischen Unternehmen, etwa der Verkehrsbetriebe und der Bibliotheken, in die Untersuchung einbezogen.

## Zeitplan

Die Ausschreibung der Studie ist nach dem Haushaltsbeschluss für das vierte Quartal 2026 vorgesehen, Ergebnisse werden für den Sommer 2027 erwartet.`,
			},
		},
	},
	{
		Slug:    "digitaler-bauantrag",
		Title:   "Digitaler Bauantrag",
		Summary: "Bauanträge können vollständig digital eingereicht, von allen beteiligten Fachstellen parallel geprüft und digital beschieden werden.",
		Description: `## Ausgangslage

Jedes Jahr gehen im Bauaufsichtsamt rund 3.200 Bauanträge ein, viele davon noch auf Papier in mehrfacher Ausfertigung. Die Unterlagen werden zwischen Bauaufsicht, Denkmalschutz, Umweltamt, Brandschutz und Stadtplanung hin- und hergeschickt. Bis zur Genehmigung vergehen im Mittel fünf Monate.

## Ziel

Mit dem digitalen Bauantrag reichen Bauherrinnen, Bauherren und Entwurfsverfassende alle Unterlagen online ein. Die beteiligten Fachstellen prüfen parallel in einer gemeinsamen digitalen Akte. Der Bearbeitungsstand ist jederzeit online einsehbar.

## Umsetzung

- Anbindung des landesweiten Online-Dienstes für Bauanträge an das Fachverfahren der Bauaufsicht
- Digitale Beteiligung der Fachstellen und der Träger öffentlicher Belange
- Umstellung auf digitale Bauakten, auch für laufende Verfahren
- Schulungen für alle Mitarbeitenden und Sprechstunden für Architektur- und Ingenieurbüros

## Stand

Seit Januar 2025 können Anträge für Wohngebäude digital eingereicht werden. Im nächsten Schritt folgen gewerbliche Bauvorhaben und Abbruchanzeigen. Ziel ist, die mittlere Bearbeitungszeit bis 2027 auf drei Monate zu senken.`,
		PlainSummary:  "Sie wollen ein Haus bauen? Dann brauchen Sie eine Erlaubnis von der Stadt. Dafür stellen Sie einen Bau-Antrag. Früher war der Bau-Antrag auf Papier. Jetzt geht das auch im Internet. Die Ämter können den Antrag dann schneller prüfen. Sie sehen im Internet: So weit ist mein Antrag.",
		Status:        "in_progress",
		OwnerUnit:     "Bauaufsichtsamt",
		Principles:    []string{"efficiency", "citizen_centred", "transparency"},
		ExpectedReach: 6500,
		Effort:        5,
		BudgetEUR:     eur(2400000),
		StartDate:     "2023-07-01",
		EndDate:       "2027-06-30",
		LotseName:     "Claudia Neumann",
		LotseEmail:    "claudia.neumann@example.org",
		Documents: []oldDocument{
			{
				Kind:  "specification",
				Title: "Prozessbeschreibung: digitale Beteiligung der Fachstellen",
				Markdown: `## Geltungsbereich

Diese Beschreibung regelt, wie die Bauaufsicht andere Fachstellen an der Prüfung eines Bauantrags digital beteiligt.

## Ablauf

1. Die Bauaufsicht prüft den Antrag auf Vollständigkeit.
2. Sie gibt den Antrag gleichzeitig für alle betroffenen Fachstellen frei.
3. Die Fachstellen geben ihre Stellungnahme innerhalb von vier Wochen in der digitalen Akte ab.
4. Die Bauaufsicht fasst die Stellungnahmen zusammen und entscheidet.

## Fristen

Geht eine Stellungnahme nicht fristgerecht ein, erinnert das System automatisch. Nach einer weiteren Woche wird die Leitung der Fachstelle informiert.

## Nachforderungen

Fehlende Unterlagen werden gebündelt und nur einmal bei der Antragstellerin oder dem Antragsteller nachgefordert.`,
				Revision: `## Geltungsbereich

Diese Beschreibung regelt, wie die Bauaufsicht andere Fachstellen an der Prüfung eines Bauantrags digital beteiligt.

## Ablauf

1. Die Bauaufsicht prüft den Antrag auf Vollständigkeit.
2. Sie gibt den Antrag gleichzeitig für alle betroffenen Fachstellen frei.
3. Die Fachstellen geben ihre Stellungnahme innerhalb von vier Wochen in der digitalen Akte ab.
4. Die Bauaufsicht fasst die Stellungnahmen zusammen und entscheidet.

## Fristen

Geht eine Stellungnahme nicht fristgerecht ein, erinnert das System eine Woche vor und am Tag des Fristablaufs automatisch. Bleibt die Stellungnahme aus, gilt das Einvernehmen der Fachstelle als erteilt, soweit das Gesetz dies vorsieht.

## Nachforderungen

Fehlende Unterlagen werden gebündelt und nur einmal bei der Antragstellerin oder dem Antragsteller nachgefordert.

Der Stand jedes Schritts wird im Online-Dienst angezeigt, damit Antragstellende nicht telefonisch nachfragen müssen.`,
			},
			{
				Kind:  "report",
				Title: "Zwischenbericht 2025",
				Markdown: `## Nutzung

Von Januar bis Oktober 2025 wurden 1.140 Bauanträge für Wohngebäude digital eingereicht. Das sind 58 Prozent aller Anträge dieser Art.

## Kennzahlen

- Mittlere Bearbeitungszeit digital eingereichter Anträge: 3,9 Monate
- Mittlere Bearbeitungszeit von Papieranträgen: 5,1 Monate
- Anteil der Anträge, die beim ersten Einreichen vollständig waren: 46 Prozent

## Herausforderungen

Viele Büros reichen Pläne in Dateiformaten ein, die das Fachverfahren nicht lesen kann. Das Amt hat eine Liste zulässiger Formate veröffentlicht und bietet monatliche Sprechstunden an.`,
			},
		},
	},
	{
		Slug:    "schul-wlan",
		Title:   "WLAN und IT-Support für alle Schulen",
		Summary: "Alle 160 städtischen Schulen erhalten flächendeckendes WLAN, einen Glasfaseranschluss und einen zentralen IT-Support. Finanziert wird das Vorhaben überwiegend mit Fördermitteln von Bund und Land.",
		Description: `## Ziel

Digitale Bildung braucht eine verlässliche Infrastruktur. Bis zum Ende des Schuljahres 2026/27 sollen alle städtischen Schulen WLAN in allen Unterrichtsräumen, einen Glasfaseranschluss mit mindestens 1 Gbit/s und einen zentral organisierten IT-Support haben.

## Umfang

- WLAN für rund 6.500 Unterrichts- und Fachräume
- Glasfaseranschluss für alle Schulstandorte
- Einheitliche Geräteverwaltung für Tablets und Laptops
- IT-Support mit festen Ansprechpersonen und einer Reaktionszeit von einem Arbeitstag

## Stand

Zum Schuljahresbeginn 2025/26 waren 112 von 160 Schulen vollständig ausgestattet. Verzögerungen gibt es vor allem in denkmalgeschützten Gebäuden und an Standorten, die ohnehin saniert werden.

## Teilhabe

Schülerinnen und Schüler ohne geeignetes Gerät zu Hause können ein Leihgerät der Schule nutzen. Förderschulen und inklusive Klassen werden bei der Planung besonders berücksichtigt, damit assistive Technik wie Vorlesesoftware oder Braillezeilen zuverlässig funktioniert.`,
		PlainSummary:  "In der Schule lernen Kinder auch mit Computern. Dafür brauchen Schulen gutes Internet. Wir bauen in allen Schulen WLAN ein. WLAN ist Internet ohne Kabel. Jede Schule bekommt auch einen schnellen Anschluss. Und es gibt Hilfe, wenn etwas kaputt ist. Manche Kinder haben zu Hause keinen Computer. Sie können ein Gerät von der Schule leihen.",
		Status:        "in_progress",
		OwnerUnit:     "Amt für Schulen",
		Principles:    []string{"inclusion", "citizen_centred", "efficiency"},
		ExpectedReach: 78000,
		Effort:        4,
		BudgetEUR:     eur(24500000),
		StartDate:     "2021-08-01",
		EndDate:       "2027-07-31",
		LotseName:     "Kerstin Albrecht",
		LotseEmail:    "kerstin.albrecht@example.org",
		Documents: []oldDocument{
			{
				Kind:  "report",
				Title: "Sachstandsbericht Schuljahr 2025/26",
				Markdown: `## Ausstattungsstand

Zum 1. September 2025 sind 112 Schulen vollständig mit WLAN ausgestattet, 31 Schulen teilweise und 17 Schulen noch nicht.

## Gründe für Verzögerungen

- Denkmalschutzauflagen bei der Kabelführung
- Lieferzeiten für Netzwerktechnik
- Abstimmung mit laufenden Sanierungen, um doppelte Arbeiten zu vermeiden

## IT-Support

Seit Februar 2025 betreut ein zentrales Team von 24 Personen alle Schulen. 83 Prozent der Störungen werden innerhalb eines Arbeitstages behoben.

## Ausblick

Die verbleibenden Schulen sollen bis zum Sommer 2027 ausgestattet sein.`,
				Revision: `## Ausstattungsstand

Zum 1. September 2025 sind 112 Schulen vollständig mit WLAN ausgestattet, 31 Schulen teilweise und 17 Schulen noch nicht.

## Gründe für Verzögerungen

- Denkmalschutzauflagen bei der Kabelführung
- Lieferzeiten für Netzwerktechnik
- Abstimmung mit laufenden Sanierungen, um doppelte Arbeiten zu vermeiden

## IT-Support

Seit Februar 2025 betreut ein zentrales Team von 24 Personen alle Schulen. 83 Prozent der Störungen werden innerhalb eines Arbeitstages behoben.

In einer Befragung der Schulleitungen wurde vor allem die Stabilität des WLAN bei digitalen Prüfungen bemängelt. Die Netze an 20 Gymnasien und Oberschulen werden deshalb verstärkt.

## Ausblick

Die verbleibenden Schulen sollen bis zum Sommer 2027 ausgestattet sein. Für sechs Schulen in Gebäuden, die erst später saniert werden, wird eine Übergangslösung mit mobilen Zugangspunkten eingerichtet.`,
			},
		},
	},
	{
		Slug:    "digitale-kita-platzvergabe",
		Title:   "Digitale Kita-Platzvergabe",
		Summary: "Eltern melden den Betreuungsbedarf für ihr Kind einmal online an, wählen bis zu fünf Wunscheinrichtungen und sehen jederzeit den Stand ihrer Anmeldung.",
		Description: `## Das Problem

Bisher mussten sich Eltern bei jeder Kindertageseinrichtung einzeln um einen Platz bewerben. Viele Familien haben sich deshalb bei zehn oder mehr Einrichtungen angemeldet. Die Einrichtungen wussten nicht, welche Zusagen tatsächlich angenommen werden, und freie Plätze blieben wochenlang unbesetzt.

## Die Lösung

- Eine zentrale Online-Anmeldung für städtische und freie Träger
- Auswahl von bis zu fünf Wunscheinrichtungen in einer Rangfolge
- Vergabe nach einheitlichen, veröffentlichten Kriterien
- Statusanzeige und Benachrichtigung bei einer Zusage

## Pilot

Seit März 2025 nehmen drei Stadtbezirke mit 94 Einrichtungen am Pilot teil. Eltern ohne Internetzugang können die Anmeldung im Elternberatungsbüro oder telefonisch abgeben; die Mitarbeitenden erfassen sie dann im System.

## Datenschutz

Die Einrichtungen sehen nur die Anmeldungen, die sich auf sie beziehen. Die Daten werden nach Abschluss der Vergabe gelöscht, wenn kein Betreuungsvertrag zustande kommt.`,
		PlainSummary:  "Ihr Kind soll in eine Kita gehen? Dann brauchen Sie einen Kita-Platz. Sie können Ihr Kind jetzt im Internet anmelden. Sie machen das nur einmal. Sie schreiben auf: Diese Kitas wünsche ich mir. Sie können bis zu 5 Kitas aufschreiben. Im Internet sehen Sie: Hat mein Kind einen Platz? Sie haben kein Internet? Dann helfen Ihnen die Mitarbeiter im Amt.",
		Status:        "pilot",
		OwnerUnit:     "Amt für Kindertagesbetreuung",
		Principles:    []string{"citizen_centred", "efficiency", "once_only", "transparency"},
		ExpectedReach: 14500,
		Effort:        3,
		BudgetEUR:     eur(680000),
		StartDate:     "2024-03-01",
		EndDate:       "2026-08-31",
		LotseName:     "Mehmet Yilmaz",
		LotseEmail:    "mehmet.yilmaz@example.org",
		Documents: []oldDocument{
			{
				Kind:  "concept",
				Title: "Kriterien für die Platzvergabe",
				Markdown: `## Grundsatz

Die Plätze werden nach einheitlichen Kriterien vergeben, die für alle Einrichtungen im Pilot gelten. Freie Träger können ergänzende Kriterien festlegen, wenn sie diese vorher veröffentlichen.

## Vorrangkriterien

- Geschwisterkind in derselben Einrichtung
- besonderer Förderbedarf des Kindes
- Alleinerziehende in Ausbildung oder Beruf
- Entfernung zwischen Wohnung und Einrichtung

## Reihenfolge

Sind nach den Vorrangkriterien mehrere Kinder gleichrangig, entscheidet das Datum der Anmeldung.

## Überprüfung

Die Kriterien werden nach dem ersten Vergabejahr gemeinsam mit dem Stadtelternrat überprüft.`,
				Revision: `## Grundsatz

Die Plätze werden nach einheitlichen Kriterien vergeben, die für alle Einrichtungen im Pilot gelten. Freie Träger können ergänzende Kriterien festlegen, wenn sie diese vorher veröffentlichen.

## Vorrangkriterien

- Geschwisterkind in derselben Einrichtung
- besonderer Förderbedarf des Kindes
- Alleinerziehende in Ausbildung oder Beruf
- Entfernung zwischen Wohnung und Einrichtung

Wie stark jedes Kriterium gewichtet wird, ist auf dieser Plattform veröffentlicht.

## Reihenfolge

Sind nach den Vorrangkriterien mehrere Kinder gleichrangig, entscheidet das Los. Das Anmeldedatum zählt nicht mehr, weil es Familien benachteiligt hat, die erst spät von der Anmeldung erfahren haben.

## Überprüfung

Die Kriterien werden nach dem ersten Vergabejahr gemeinsam mit dem Stadtelternrat überprüft.`,
			},
		},
	},
	{
		Slug:    "e-akte-verwaltung",
		Title:   "Einführung der E-Akte in der Stadtverwaltung",
		Summary: "Die Ämter der Stadtverwaltung stellen schrittweise von Papierakten auf elektronische Akten um. Das beschleunigt Abläufe, spart Platz und ermöglicht mobiles Arbeiten.",
		Description: `## Worum es geht

In der Stadtverwaltung werden noch immer viele Vorgänge in Papierakten geführt. Akten müssen transportiert, gesucht und archiviert werden; bei Vertretungen oder im Homeoffice fehlen sie oft. Die E-Akte ersetzt die Papierakte durch eine elektronische Akte, auf die alle Berechtigten gleichzeitig zugreifen können.

## Vorgehen

Die Einführung erfolgt amtsweise in mehreren Wellen. Vor jeder Einführung werden die Abläufe gemeinsam mit den Mitarbeitenden aufgenommen und vereinfacht – Papierprozesse sollen nicht eins zu eins digitalisiert werden. Digital-Lotsen begleiten jedes Amt vor, während und nach der Umstellung.

## Stand

- 21 von 38 Ämtern arbeiten mit der E-Akte.
- Rund 4.100 Arbeitsplätze sind umgestellt.
- Eine zentrale Scanstelle digitalisiert die eingehende Post für alle umgestellten Ämter.

## Was Sie davon haben

Für Bürgerinnen und Bürger ist die E-Akte meist unsichtbar. Sie ist aber Voraussetzung dafür, dass Anträge durchgängig digital bearbeitet und Auskünfte schneller gegeben werden können.`,
		PlainSummary:  "In den Ämtern gibt es viele Akten. Eine Akte ist eine Mappe mit Papieren zu einem Thema. Wir machen die Akten digital. Das heißt: Die Papiere sind im Computer. Dann müssen die Mitarbeiter nicht mehr suchen. Mehrere Mitarbeiter können die Akte gleichzeitig lesen. So bekommen Sie schneller eine Antwort vom Amt.",
		Status:        "in_progress",
		OwnerUnit:     "Amt für Informationsverarbeitung",
		Principles:    []string{"efficiency", "transparency"},
		ExpectedReach: 7200,
		Effort:        5,
		BudgetEUR:     eur(9800000),
		StartDate:     "2022-01-01",
		EndDate:       "2028-12-31",
		LotseName:     "Frank Seidel",
		LotseEmail:    "frank.seidel@example.org",
		Documents: []oldDocument{
			{
				Kind:  "specification",
				Title: "Einführungsleitfaden für die Ämter",
				Markdown: `## Vorbereitung

Jedes Amt benennt eine verantwortliche Person für die Einführung und mindestens eine Key-Userin oder einen Key-User je Sachgebiet.

## Einführung in fünf Schritten

1. Aufnahme der Abläufe mit den Sachgebieten
2. Vereinfachung der Abläufe und Festlegung des Aktenplans
3. Schulung aller Mitarbeitenden an mindestens zwei Tagen
4. Umstellung zu einem Stichtag, ab dem neue Vorgänge nur noch elektronisch geführt werden
5. Nachbetreuung durch die Digital-Lotsen für drei Monate

## Altakten

Bestehende Papierakten werden nur dann nachträglich gescannt, wenn sie häufig benötigt werden. Alle übrigen Akten bleiben bis zum Ablauf ihrer Aufbewahrungsfrist in Papierform.

## Erfolgsmessung

Sechs Monate nach der Umstellung werden Durchlaufzeiten, Zufriedenheit der Mitarbeitenden und Druckvolumen mit den Werten vor der Einführung verglichen.`,
			},
		},
	},
	{
		Slug:    "echtzeit-fahrgastinformation",
		Title:   "Echtzeit-Fahrgastinformation an Haltestellen",
		Summary: "An Haltestellen, in der Fahrplan-App und im Open-Data-Portal werden die tatsächlichen Abfahrtszeiten von Bussen und Bahnen angezeigt – auch als Sprachausgabe für blinde und sehbehinderte Fahrgäste.",
		Description: `## Ziel

Wer auf Bus oder Bahn wartet, möchte wissen, wann das Fahrzeug wirklich kommt. Die Städtische Verkehrsbetriebe GmbH stattet deshalb Haltestellen mit dynamischen Anzeigen aus und stellt die Echtzeitdaten allen zur Verfügung.

## Bestandteile

- Anzeigetafeln an den 250 meistgenutzten Haltestellen
- Sprachausgabe auf Knopfdruck für blinde und sehbehinderte Fahrgäste
- Echtzeitdaten in der Fahrplan-App und im Open-Data-Portal der Stadt
- Meldung von Störungen und Aufzugsausfällen in Echtzeit

## Pilot

Seit Mai 2025 sind 60 Haltestellen entlang von zwei Straßenbahnlinien und drei Buslinien ausgestattet. Wo kein Stromanschluss vorhanden ist, werden die Anzeigen mit Solarstrom betrieben.

## Beteiligung

Die Gestaltung der Anzeigen und der Sprachausgabe wurde mit dem Blinden- und Sehbehindertenverband und dem Seniorenbeirat erprobt. Rückmeldungen zum Pilot nehmen wir hier gern entgegen.`,
		PlainSummary:  "Sie warten auf den Bus oder die Straßen-Bahn. An der Halte-Stelle gibt es jetzt eine Anzeige. Die Anzeige zeigt zum Beispiel: In 3 Minuten kommt die Bahn. Sie sehen das auch auf dem Handy. Sie können nicht gut sehen? Dann drücken Sie einen Knopf. Dann sagt eine Stimme die Zeit an.",
		Status:        "pilot",
		OwnerUnit:     "Städtische Verkehrsbetriebe GmbH",
		Principles:    []string{"citizen_centred", "inclusion", "transparency"},
		ExpectedReach: 340000,
		Effort:        3,
		BudgetEUR:     eur(3600000),
		StartDate:     "2024-04-01",
		EndDate:       "2026-12-31",
		LotseName:     "Lena Krüger",
		LotseEmail:    "lena.krueger@example.org",
		Documents: []oldDocument{
			{
				Kind:  "evaluation",
				Title: "Auswertung der ersten sechs Pilotmonate",
				Markdown: `## Datengrundlage

Ausgewertet wurden die Betriebsdaten der 60 Pilot-Haltestellen von Mai bis Oktober 2025 sowie 820 Rückmeldungen von Fahrgästen.

## Ergebnisse

- Die angezeigten Abfahrtszeiten wichen im Mittel 24 Sekunden von der tatsächlichen Abfahrt ab.
- Die Anzeigen waren zu 98,6 Prozent der Betriebszeit verfügbar.
- Die Sprachausgabe wurde rund 1.900-mal pro Woche genutzt.

## Rückmeldungen

Fahrgäste wünschen sich vor allem Hinweise auf Ersatzverkehre und ausgefallene Aufzüge. An stark befahrenen Straßen war die Sprachausgabe zu leise.

## Empfehlung

Die Ausstattung soll 2026 auf weitere 190 Haltestellen ausgeweitet werden. Die Lautstärke der Sprachausgabe wird künftig an den Umgebungslärm angepasst.`,
			},
		},
	},
	{
		Slug:    "parkraum-sensorik",
		Title:   "Parkplatzsensoren in der Innenstadt",
		Summary: "Bodensensoren sollten freie Parkplätze in der Innenstadt erkennen und in einer App anzeigen, um den Parksuchverkehr zu verringern. Nach dem Pilot wurde das Vorhaben eingestellt.",
		Description: `## Ausgangslage

Ein erheblicher Teil des Verkehrs in der Innenstadt entsteht durch die Suche nach einem Parkplatz. Bodensensoren sollten freie Stellplätze erkennen und die Daten in Echtzeit über eine App und das Open-Data-Portal bereitstellen.

## Pilot

Von April 2023 bis Juni 2024 waren 400 Stellplätze in zwei Straßenzügen mit Sensoren ausgestattet. Die Daten wurden über ein Funknetz für das Internet der Dinge übertragen.

## Warum das Vorhaben eingestellt wurde

- Rund 15 Prozent der Sensoren lieferten nach Winterdienst und Straßenreinigung falsche Werte.
- Für den Austausch der Batterien hätten die Stellplätze alle drei Jahre gesperrt werden müssen.
- Die App wurde nur von wenigen hundert Personen regelmäßig genutzt.
- Die Kosten einer flächendeckenden Ausstattung wurden auf über 4 Millionen Euro geschätzt.

## Was bleibt

Das Funknetz wird weiter für Umweltsensoren genutzt. Die Belegung der Parkhäuser wird stattdessen aus deren eigenen Zählsystemen im Open-Data-Portal veröffentlicht – ohne zusätzliche Sensoren in der Straße.`,
		PlainSummary:  "Viele Autos fahren in der Stadt herum. Sie suchen einen Park-Platz. Wir wollten Sensoren in die Straße bauen. Ein Sensor ist ein kleines Mess-Gerät. Der Sensor merkt: Hier ist ein Park-Platz frei. Wir haben das getestet. Die Sensoren haben oft falsch gemessen. Und sie waren sehr teuer. Darum haben wir das Projekt beendet.",
		Status:        "cancelled",
		OwnerUnit:     "Straßen- und Tiefbauamt",
		Principles:    []string{"efficiency", "transparency"},
		ExpectedReach: 45000,
		Effort:        3,
		BudgetEUR:     eur(350000),
		StartDate:     "2023-04-01",
		EndDate:       "2024-09-30",
		LotseName:     "Lena Krüger",
		LotseEmail:    "lena.krueger@example.org",
		Documents: []oldDocument{
			{
				Kind:  "evaluation",
				Title: "Abschlussbewertung des Piloten",
				Markdown: `## Fragestellung

Der Pilot sollte klären, ob Bodensensoren zuverlässig genug sind, um den Parksuchverkehr messbar zu verringern, und ob sich eine Ausweitung auf die gesamte Innenstadt lohnt.

## Befunde

- Zuverlässigkeit der Belegungserkennung: 85 Prozent
- Regelmäßige Nutzerinnen und Nutzer der App: rund 600
- Messbarer Rückgang des Parksuchverkehrs: nicht nachweisbar

## Wirtschaftlichkeit

Einer geschätzten Investition von 4,2 Millionen Euro und jährlichen Betriebskosten von 380.000 Euro steht kein nachweisbarer Nutzen gegenüber.

## Entscheidung

Der Ausschuss für Stadtentwicklung hat im September 2024 beschlossen, das Vorhaben nicht fortzuführen. Die Sensoren werden zurückgebaut.`,
			},
		},
	},
	{
		Slug:          "open-data-portal",
		Title:         "Open-Data-Portal der Stadt",
		PreModeration: true,
		Summary:       "Die Stadt veröffentlicht Verwaltungsdaten – vom Haushalt über Verkehrszählungen bis zu Kita-Standorten – maschinenlesbar und unter offener Lizenz.",
		Description: `## Worum es geht

Die Verwaltung erhebt täglich Daten, die für Wissenschaft, Wirtschaft, Journalismus und Zivilgesellschaft wertvoll sind. Im Open-Data-Portal werden sie maschinenlesbar, dokumentiert und unter einer offenen Lizenz veröffentlicht.

## Was es schon gibt

- rund 420 Datensätze aus 26 Ämtern und städtischen Unternehmen
- Schnittstellen für Echtzeitdaten, etwa Parkhausbelegung und Abfahrtszeiten
- Metadaten nach DCAT-AP.de, damit die Daten auch im bundesweiten Portal GovData zu finden sind

## Was als Nächstes kommt

Bis Ende 2026 soll jedes Amt eine Ansprechperson für offene Daten benennen. Neue Datensätze sollen standardmäßig offen sein, soweit Datenschutz und Rechte Dritter nicht entgegenstehen (Open by Default).

## Mitmachen

Welche Daten fehlen Ihnen? Sie können hier Datensätze vorschlagen. Die Kommunale Statistikstelle prüft jeden Vorschlag und antwortet öffentlich.`,
		PlainSummary:  "Die Stadt hat viele Daten. Daten sind zum Beispiel Zahlen. Zum Beispiel: Wie viele Kinder gehen in die Kita? Diese Daten stellen wir ins Internet. Alle Menschen können die Daten benutzen. Das kostet nichts. Sie möchten bestimmte Daten haben? Dann schreiben Sie uns.",
		Status:        "in_progress",
		OwnerUnit:     "Kommunale Statistikstelle",
		Principles:    []string{"transparency", "once_only", "efficiency"},
		ExpectedReach: 28000,
		Effort:        2,
		BudgetEUR:     eur(190000),
		StartDate:     "2023-01-01",
		EndDate:       "2026-12-31",
		LotseName:     "Frank Seidel",
		LotseEmail:    "frank.seidel@example.org",
		Documents: []oldDocument{
			{
				Kind:  "concept",
				Title: "Open-Data-Leitlinie",
				Markdown: `## Grundsatz

Daten der Stadtverwaltung werden offen bereitgestellt, wenn keine rechtlichen Gründe dagegen sprechen. Personenbezogene Daten werden nie veröffentlicht.

## Anforderungen an Datensätze

- maschinenlesbares, offenes Format wie CSV, JSON oder GeoJSON
- Beschreibung der Inhalte und der Erhebungsmethode
- Angabe der Aktualisierungshäufigkeit und einer Ansprechperson

## Zuständigkeiten

Die Fachämter sind für Inhalt und Qualität ihrer Daten verantwortlich. Die Kommunale Statistikstelle berät, prüft die Metadaten und betreibt das Portal.

## Lizenz

Alle Datensätze werden unter der Datenlizenz Deutschland – Namensnennung – Version 2.0 veröffentlicht.`,
				Revision: `## Grundsatz

Daten der Stadtverwaltung werden offen bereitgestellt, wenn keine rechtlichen Gründe dagegen sprechen. Personenbezogene Daten werden nie veröffentlicht.

## Anforderungen an Datensätze

- maschinenlesbares, offenes Format wie CSV, JSON oder GeoJSON
- Beschreibung der Inhalte und der Erhebungsmethode
- Angabe der Aktualisierungshäufigkeit und einer Ansprechperson

## Zuständigkeiten

Die Fachämter sind für Inhalt und Qualität ihrer Daten verantwortlich. Die Kommunale Statistikstelle berät, prüft die Metadaten und betreibt das Portal.

Zu jedem Vorschlag aus der Öffentlichkeit wird innerhalb von vier Wochen öffentlich begründet, ob und bis wann der Datensatz veröffentlicht wird.

## Lizenz

Datensätze werden grundsätzlich unter der Datenlizenz Deutschland – Namensnennung – Version 2.0 veröffentlicht. Reine Messwerte, etwa aus Verkehrszählungen, werden unter der Datenlizenz Deutschland – Zero – Version 2.0 ohne Pflicht zur Namensnennung bereitgestellt.`,
			},
		},
	},
	{
		Slug:    "digital-lotsen-programm",
		Title:   "Digital-Lotsen für alle Geschäftsbereiche",
		Summary: "Digital-Lotsinnen und -Lotsen begleiten Ämter bei der Umstellung auf digitale Abläufe und sind Ansprechpersonen für die Vorhaben der Digitalstrategie. Das Programm wird auf alle Geschäftsbereiche ausgeweitet.",
		Description: `## Worum es geht

Digitalisierung gelingt nur, wenn die Menschen in der Verwaltung sie mittragen. Digital-Lotsinnen und -Lotsen sind Mitarbeitende aus den Fachämtern, die für diese Aufgabe qualifiziert und teilweise freigestellt werden. Sie begleiten ihre Kolleginnen und Kollegen bei der Umstellung und übersetzen zwischen Fachlichkeit und IT.

## Aufgaben

- Begleitung von Einführungen wie E-Akte, Online-Diensten und neuen Fachverfahren
- Sammeln von Hinweisen aus der Praxis und Weitergabe an die Projektteams
- Ansprechperson für Bürgerinnen und Bürger zu den Vorhaben auf dieser Plattform
- Sprechstunden zum Online-Ausweis und zu digitalen Angeboten in Bürgerbüros und Bibliotheken

## Ausbau

Zurzeit gibt es 34 Digital-Lotsen in 19 Ämtern. Bis Ende 2027 soll jedes Amt und jedes städtische Unternehmen mindestens eine Person benennen, die mit 20 Prozent ihrer Arbeitszeit als Lotsin oder Lotse tätig ist.

## Qualifizierung

Die Lotsen durchlaufen eine zwölftägige Weiterbildung zu Prozessgestaltung, Veränderungsbegleitung, Barrierefreiheit und Datenschutz. Sie treffen sich monatlich zum Erfahrungsaustausch.`,
		PlainSummary:  "In den Ämtern arbeiten viele Menschen. Sie lernen neue Computer-Programme. Dabei helfen die Digital-Lotsen. Digital-Lotsen sind Mitarbeiter der Stadt. Sie kennen sich gut mit Computern aus. Sie helfen auch Ihnen. Zum Beispiel beim Ausweis im Internet. Sie finden die Digital-Lotsen im Bürger-Büro. Und in der Bibliothek.",
		Status:        "in_progress",
		OwnerUnit:     "Stabsstelle Digitalisierung",
		Principles:    []string{"efficiency", "citizen_centred", "inclusion"},
		ExpectedReach: 450,
		Effort:        2,
		BudgetEUR:     eur(540000),
		StartDate:     "2024-01-01",
		EndDate:       "2027-12-31",
		LotseName:     "Ulrike Brandt",
		LotseEmail:    "ulrike.brandt@example.org",
		Documents: []oldDocument{
			{
				Kind:  "report",
				Title: "Jahresbericht Digital-Lotsen 2025",
				Markdown: `## Überblick

Im Jahr 2025 haben die Digital-Lotsen 27 Einführungsprojekte begleitet und 186 Sprechstunden für Bürgerinnen und Bürger angeboten.

## Wirkung

- 1.850 Mitarbeitende wurden bei der Umstellung auf die E-Akte begleitet.
- 2.300 Bürgerinnen und Bürger nutzten die Sprechstunden, vor allem zum Online-Ausweis.
- 140 Hinweise aus der Praxis flossen an die Projektteams zurück.

## Herausforderungen

In vielen Ämtern fehlt die Zeit, die Lotsentätigkeit neben der Facharbeit auszuüben. Die Freistellung von 20 Prozent wird nicht überall eingehalten.

## Empfehlung

Die Freistellung soll verbindlich in den Stellenbeschreibungen verankert werden.`,
			},
		},
	},
	{
		Slug:    "barrierefreie-webseiten",
		Title:   "Barrierefreie Internetauftritte der Stadt",
		Summary: "Alle städtischen Webseiten und Online-Dienste sollen die Anforderungen der BITV 2.0 erfüllen und wichtige Inhalte in Leichter Sprache und Deutscher Gebärdensprache anbieten.",
		Description: `## Ausgangslage

Öffentliche Stellen sind gesetzlich verpflichtet, ihre Webseiten und mobilen Anwendungen barrierefrei zu gestalten. Eine Prüfung im Jahr 2025 hat ergeben, dass der zentrale Internetauftritt die Anforderungen der BITV 2.0 nur teilweise erfüllt: Es fehlen Alternativtexte, viele PDF-Dokumente sind nicht zugänglich und Formulare sind mit der Tastatur schwer bedienbar.

## Vorhaben

- Überarbeitung der Seitenvorlagen nach WCAG 2.1 AA
- Ersatz oder Nachbesserung von rund 3.000 PDF-Dokumenten
- Barrierefreiheitsprüfung für jeden neuen Online-Dienst vor dem Start
- Zentrale Informationen in Leichter Sprache und Deutscher Gebärdensprache
- Schulung aller Redakteurinnen und Redakteure

## Prüfung mit Betroffenen

Die Überarbeitung wird von einer Prüfgruppe begleitet, in der Menschen mit Seh-, Hör-, motorischen und kognitiven Beeinträchtigungen mitwirken. Sie testen die Seiten mit ihren eigenen Hilfsmitteln.

## Warum es zählt

Ein barrierefreier Internetauftritt erreicht alle Menschen in der Stadt – und ist für alle einfacher zu benutzen.`,
		PlainSummary:  "Die Stadt hat viele Seiten im Internet. Manche Menschen können diese Seiten schlecht benutzen. Zum Beispiel Menschen, die nicht gut sehen. Wir machen die Seiten besser. Dann kann jeder die Seiten benutzen. Das heißt: barriere-frei. Wichtige Texte gibt es dann auch in Leichter Sprache. Und in Gebärden-Sprache. Menschen mit Behinderung prüfen die Seiten mit.",
		Status:        "planned",
		OwnerUnit:     "Amt für Presse- und Öffentlichkeitsarbeit",
		Principles:    []string{"inclusion", "citizen_centred", "transparency"},
		ExpectedReach: 400000,
		Effort:        2,
		BudgetEUR:     eur(450000),
		StartDate:     "2026-03-01",
		EndDate:       "2027-06-30",
		LotseName:     "Anja Schubert",
		LotseEmail:    "anja.schubert@example.org",
		Documents: []oldDocument{
			{
				Kind:  "specification",
				Title: "Anforderungskatalog Barrierefreiheit",
				Markdown: `## Geltungsbereich

Der Anforderungskatalog gilt für alle Webseiten, Online-Dienste und mobilen Anwendungen der Stadtverwaltung und ist Bestandteil jeder Ausschreibung.

## Mindestanforderungen

- Konformität mit WCAG 2.1 auf Stufe AA
- vollständige Bedienbarkeit mit der Tastatur
- Kontrastverhältnis von mindestens 4,5:1 für Text
- Untertitel und Transkripte für alle Videos

## Nachweis

Vor der Abnahme ist ein Prüfbericht nach dem BITV-Test oder einem gleichwertigen Verfahren vorzulegen.

## Erklärung zur Barrierefreiheit

Jedes Angebot veröffentlicht eine Erklärung zur Barrierefreiheit mit einem Feedback-Mechanismus.`,
				Revision: `## Geltungsbereich

Der Anforderungskatalog gilt für alle Webseiten, Online-Dienste und mobilen Anwendungen der Stadtverwaltung und ist Bestandteil jeder Ausschreibung.

## Mindestanforderungen

- Konformität mit WCAG 2.1 auf Stufe AA
- vollständige Bedienbarkeit mit der Tastatur
- Kontrastverhältnis von mindestens 4,5:1 für Text
- Untertitel und Transkripte für alle Videos

## Nachweis

Vor der Abnahme ist ein Prüfbericht nach dem BITV-Test oder einem gleichwertigen Verfahren vorzulegen. Angebote mit mehr als 10.000 erwarteten Nutzungen im Jahr werden zusätzlich von der Prüfgruppe mit Menschen mit Behinderungen getestet.

## Erklärung zur Barrierefreiheit

Jedes Angebot veröffentlicht eine Erklärung zur Barrierefreiheit mit einem Feedback-Mechanismus.

Rückmeldungen über den Feedback-Mechanismus werden innerhalb von sechs Wochen beantwortet.`,
			},
		},
	},
	{
		Slug:    "digitale-buergerbeteiligung",
		Title:   "Beteiligungsplattform zur Digitalstrategie",
		Summary: "Auf dieser Plattform können Bürgerinnen und Bürger die Vorhaben der Digitalstrategie kommentieren, unterstützen und bewerten. Der Digitalrat berät öffentlich, die Verwaltung antwortet und berichtet über ihre Kennzahlen.",
		Description: `## Worum es geht

Der Stadtrat hat beschlossen, dass digitale Vorhaben öffentlich einsehbar, evaluierbar und partizipativ begleitet werden sollen. Diese Plattform setzt das um: Alle Vorhaben der Digitalstrategie sind hier mit ihren Dokumenten, Kennzahlen und ihrer Änderungshistorie veröffentlicht.

## Was Sie hier tun können

- Vorhaben und einzelne Absätze von Dokumenten kommentieren
- Fragen stellen, die die Verwaltung öffentlich beantwortet
- Vorhaben unterstützen und so bei der Priorisierung mitwirken
- Vorhaben in Evaluationszyklen bewerten
- Öffentliche Sitzungen des Digitalrats live verfolgen und Fragen einreichen

## Analoge Beteiligung

Wer nicht online ist, kann Hinweise per Brief, Telefon oder persönlich in den Bürgerbüros abgeben. Die Mitarbeitenden erfassen sie auf der Plattform, sodass alle Beiträge gleich behandelt werden.

## Pilotphase

Die Plattform wird bis September 2026 erprobt und anschließend gemeinsam mit dem Digitalrat ausgewertet. Moderation und Netiquette werden nach den ersten Erfahrungen angepasst.`,
		PlainSummary:  "Die Stadt hat viele Projekte mit Computern und Internet. Auf dieser Internet-Seite können Sie die Projekte sehen. Sie können Ihre Meinung schreiben. Sie können Fragen stellen. Die Stadt antwortet Ihnen. Es gibt auch den Digital-Rat. Das ist eine Gruppe von Fach-Leuten. Der Digital-Rat berät die Stadt. Sie haben kein Internet? Dann schreiben Sie einen Brief. Oder Sie rufen an.",
		Status:        "pilot",
		OwnerUnit:     "Stabsstelle Bürgerbeteiligung",
		Principles:    []string{"transparency", "citizen_centred", "inclusion"},
		ExpectedReach: 25000,
		Effort:        2,
		BudgetEUR:     eur(220000),
		StartDate:     "2025-10-01",
		EndDate:       "2026-09-30",
		LotseName:     "David Engel",
		LotseEmail:    "david.engel@example.org",
		Documents: []oldDocument{
			{
				Kind:  "concept",
				Title: "Beteiligungs- und Moderationskonzept",
				Markdown: `## Ziele

Die Beteiligung soll Erfahrungen und Wissen der Stadtgesellschaft in die Vorhaben einbringen und die Verwaltung zu nachvollziehbaren Antworten verpflichten.

## Regeln für Beiträge

- Beiträge sind sachlich und beziehen sich auf das Vorhaben.
- Beleidigungen, Diskriminierung und persönliche Daten Dritter werden entfernt.
- Jede Moderationsentscheidung wird mit Begründung öffentlich protokolliert.

## Antwortzeiten

Die zuständigen Ämter beantworten Fragen innerhalb von zehn Arbeitstagen. Die Antwortzeiten werden im Digitalisierungscockpit veröffentlicht.

## Umgang mit Ergebnissen

Die Beiträge zu einem Vorhaben werden vor jeder Sitzung des Digitalrats zusammengefasst und dort beraten.`,
				Revision: `## Ziele

Die Beteiligung soll Erfahrungen und Wissen der Stadtgesellschaft in die Vorhaben einbringen und die Verwaltung zu nachvollziehbaren Antworten verpflichten.

## Regeln für Beiträge

- Beiträge sind sachlich und beziehen sich auf das Vorhaben.
- Beleidigungen, Diskriminierung und persönliche Daten Dritter werden entfernt.
- Jede Moderationsentscheidung wird mit Begründung öffentlich protokolliert.

## Antwortzeiten

Die zuständigen Ämter beantworten Fragen innerhalb von zehn Arbeitstagen. Gelingt das nicht, veröffentlichen sie eine Zwischennachricht mit dem voraussichtlichen Antworttermin. Die Antwortzeiten werden im Digitalisierungscockpit veröffentlicht.

## Umgang mit Ergebnissen

Die Beiträge zu einem Vorhaben werden vor jeder Sitzung des Digitalrats zusammengefasst und dort beraten.

In jedem Sachstandsbericht legt die Verwaltung dar, welche Hinweise sie aufgegriffen hat, welche nicht – und warum.`,
			},
		},
	},
	{
		Slug:    "glasfaser-ausbau",
		Title:   "Glasfaserausbau in unterversorgten Gebieten",
		Summary: "Mit Fördermitteln von Bund und Land werden Haushalte, Schulen und Gewerbegebiete ohne schnelles Internet an das Glasfasernetz angeschlossen.",
		Description: `## Ausgangslage

In den meisten Stadtteilen bauen Telekommunikationsunternehmen Glasfaser auf eigene Rechnung aus. In einigen Randlagen, Ortschaften und älteren Gewerbegebieten lohnt sich das für sie nicht; dort stehen vielen Haushalten weniger als 100 Mbit/s zur Verfügung.

## Vorhaben

Die Stadt nutzt die Gigabitförderung von Bund und Land, um diese Lücken zu schließen. Ein Netzbetreiber wurde im Wettbewerb ausgewählt; die Stadt trägt den kommunalen Eigenanteil. Angeschlossen werden:

- rund 9.800 Haushalte in Randlagen und Ortschaften
- 14 Gewerbegebiete
- alle Schulen, die noch keinen Glasfaseranschluss haben

## Stand

Bis Ende 2025 wurden 5.200 Haushalte angeschlossen. Die Bauarbeiten in den Ortschaften dauern wegen langer Leitungswege länger als geplant.

## Information vor Ort

Der Ausbau wird in jeder Ortschaft mit einer Bürgerversammlung begleitet. Eine Baustellenkarte zeigt, wo gerade gebaut wird.`,
		PlainSummary:  "Manche Häuser haben langsames Internet. Das wollen wir ändern. Wir legen neue Kabel in die Erde. Die Kabel heißen: Glas-Faser. Damit ist das Internet sehr schnell. Das kostet viel Geld. Der Staat bezahlt einen großen Teil davon. Auf einer Karte sehen Sie: Hier wird gerade gebaut.",
		Status:        "in_progress",
		OwnerUnit:     "Amt für Wirtschaftsförderung",
		Principles:    []string{"inclusion", "citizen_centred"},
		ExpectedReach: 38000,
		Effort:        5,
		BudgetEUR:     eur(31000000),
		StartDate:     "2022-06-01",
		EndDate:       "2027-12-31",
		LotseName:     "Peter Lange",
		LotseEmail:    "peter.lange@example.org",
		Documents: []oldDocument{
			{
				Kind:  "report",
				Title: "Sachstand Glasfaserausbau 2025",
				Markdown: `## Fortschritt

- Haushalte angeschlossen: 5.200 von 9.800
- Gewerbegebiete angeschlossen: 9 von 14
- Schulen angeschlossen: 23 von 31

## Kosten

Die Gesamtkosten von 31 Millionen Euro werden zu 90 Prozent aus Fördermitteln von Bund und Land getragen. Der kommunale Eigenanteil beträgt rund 3,1 Millionen Euro.

## Verzögerungen

In drei Ortschaften mussten Trassen wegen archäologischer Funde und Naturschutzauflagen verlegt werden. Der Abschluss verschiebt sich dort voraussichtlich um ein halbes Jahr.

## Nächste Schritte

Die verbleibenden Schulen werden vorrangig angeschlossen, damit das Vorhaben zum Schul-WLAN wie geplant abgeschlossen werden kann.`,
			},
		},
	},
	{
		Slug:    "digitale-stadtbibliothek",
		Title:   "Digitale Stadtbibliothek",
		Summary: "Die Städtischen Bibliotheken bieten E-Books, Hörbücher, Zeitungen und Sprachkurse rund um die Uhr online an. Der Bibliotheksausweis kann online beantragt werden.",
		Description: `## Worum es geht

Die Städtischen Bibliotheken haben ihr digitales Angebot ausgebaut. Mit einem Bibliotheksausweis können E-Books, Hörbücher, Zeitungen, Zeitschriften, Filme und Sprachkurse rund um die Uhr genutzt werden.

## Was umgesetzt wurde

- Online-Anmeldung mit dem Online-Ausweis, ohne Besuch in der Bibliothek
- Ausbau des digitalen Bestands auf rund 70.000 Titel
- E-Books mit Vorlesefunktion und Bücher in Leichter Sprache
- Technikhilfe und digitale Sprechstunden in allen Stadtteilbibliotheken

## Ergebnis

Die Zahl der digitalen Ausleihen ist 2024 um 41 Prozent gestiegen. 6.300 Menschen haben ihren Ausweis online beantragt.

## Die Bibliothek als Lernort

Die Stadtteilbibliotheken bleiben Orte, an denen Menschen Hilfe mit Geräten und digitalen Angeboten bekommen – gemeinsam mit den Digital-Lotsen.`,
		PlainSummary:  "In der Bibliothek können Sie Bücher ausleihen. Jetzt gibt es auch Bücher im Internet. Die heißen: E-Books. Sie lesen die Bücher auf dem Handy oder am Computer. Es gibt auch Hör-Bücher. Den Bibliotheks-Ausweis bekommen Sie im Internet. Sie brauchen Hilfe? In der Bibliothek hilft man Ihnen.",
		Status:        "done",
		OwnerUnit:     "Städtische Bibliotheken",
		Principles:    []string{"citizen_centred", "inclusion"},
		ExpectedReach: 62000,
		Effort:        1,
		BudgetEUR:     eur(95000),
		StartDate:     "2023-09-01",
		EndDate:       "2024-12-31",
		LotseName:     "Anja Schubert",
		LotseEmail:    "anja.schubert@example.org",
		Documents: []oldDocument{
			{
				Kind:  "evaluation",
				Title: "Nutzungsauswertung 2024",
				Markdown: `## Ausleihen

Im Jahr 2024 wurden 684.000 digitale Medien ausgeliehen, 41 Prozent mehr als im Vorjahr. Am stärksten gewachsen sind Hörbücher und Zeitungen.

## Nutzerinnen und Nutzer

- 18 Prozent der aktiven Ausweise werden ausschließlich digital genutzt.
- Der Anteil der über 65-Jährigen an den digitalen Ausleihen stieg auf 22 Prozent.
- Die Online-Anmeldung wurde 6.300-mal genutzt.

## Bewertung

Das Vorhaben hat seine Ziele mit geringem Aufwand erreicht und ist abgeschlossen. Das digitale Angebot wird im Regelbetrieb weitergeführt.`,
			},
		},
	},
}

// TestLoadedContentEqualsOldContent shows that moving the content into files changed nothing that is
// seeded: same projects in the same order, same fields, documents, versions, texts and change notes.
func TestLoadedContentEqualsOldContent(t *testing.T) {
	loaded, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	want := make([]Project, len(oldProjects))
	for i, o := range oldProjects {
		p := Project{Slug: o.Slug, Title: o.Title, Summary: o.Summary, Description: o.Description,
			PlainSummary: o.PlainSummary, Status: o.Status, OwnerUnit: o.OwnerUnit, Principles: o.Principles,
			ExpectedReach: o.ExpectedReach, Effort: o.Effort, BudgetEUR: o.BudgetEUR, StartDate: o.StartDate,
			EndDate: o.EndDate, Lotse: Lotse{Name: o.LotseName, Email: o.LotseEmail}, PreModeration: o.PreModeration}
		for j, d := range o.Documents {
			// Seed used these two change notes for every document before they became content.
			versions := []Version{{Note: "Erste Fassung", Markdown: d.Markdown}}
			if d.Revision != "" {
				versions = append(versions, Version{Note: "Überarbeitet nach Hinweisen aus der Beteiligung", Markdown: d.Revision})
			}
			dir := ""
			if i < len(loaded) && j < len(loaded[i].Documents) {
				dir = loaded[i].Documents[j].Dir // directory names are new, nothing to compare them with
			}
			p.Documents = append(p.Documents, Document{Dir: dir, Kind: d.Kind, Title: d.Title, Versions: versions})
		}
		want[i] = p
	}
	if len(loaded) != len(want) {
		t.Fatalf("loaded %d projects, want %d", len(loaded), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(loaded[i], want[i]) {
			t.Errorf("project %d differs:\nloaded %+v\nwant   %+v", i, loaded[i], want[i])
		}
	}
}
