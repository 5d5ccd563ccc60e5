package web

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"golang.org/x/text/language"

	"github.com/exsearch/exsearch/corpus"
)

// The interface language of the pages: chosen for each request (uiFor), the
// pages' own words in it (t), numbers written its way (formatCount). Facet
// value labels are not here: they come from the index's taxonomy.

// messages are the pages' own words in the four languages, by key.
var messages = map[string]map[string]string{
	"search":           {"da": "Søg", "no": "Søk", "de": "Suchen", "en": "Search"},
	"placeholder":      {"da": "Søg efter øvelser og artikler", "no": "Søk etter øvelser og artikler", "de": "Übungen und Artikel suchen", "en": "Search exercises and articles"},
	"muscle":           {"da": "Muskelgruppe", "no": "Muskelgruppe", "de": "Muskelgruppe", "en": "Muscle group"},
	"equipment":        {"da": "Udstyr", "no": "Utstyr", "de": "Ausrüstung", "en": "Equipment"},
	"focus":            {"da": "Træningsfokus", "no": "Treningsfokus", "de": "Trainingsschwerpunkt", "en": "Training focus"},
	"lang":             {"da": "Sprog", "no": "Språk", "de": "Sprache", "en": "Language"},
	"kind":             {"da": "Type", "no": "Type", "de": "Art", "en": "Type"},
	"filters":          {"da": "Filtre", "no": "Filtre", "de": "Filter", "en": "Filters"},
	"apply":            {"da": "Anvend filtre", "no": "Bruk filtre", "de": "Filter anwenden", "en": "Apply filters"},
	"clear":            {"da": "Ryd filtre", "no": "Fjern filtre", "de": "Filter zurücksetzen", "en": "Clear filters"},
	"results":          {"da": "%s resultater", "no": "%s treff", "de": "%s Ergebnisse", "en": "%s results"},
	"result":           {"da": "1 resultat", "no": "1 treff", "de": "1 Ergebnis", "en": "1 result"},
	"for":              {"da": "for", "no": "for", "de": "für", "en": "for"},
	"prev":             {"da": "Forrige", "no": "Forrige", "de": "Zurück", "en": "Previous"},
	"next":             {"da": "Næste", "no": "Neste", "de": "Weiter", "en": "Next"},
	"page":             {"da": "Side %d af %d", "no": "Side %d av %d", "de": "Seite %d von %d", "en": "Page %d of %d"},
	"pagination":       {"da": "Sider", "no": "Sider", "de": "Seiten", "en": "Pages"},
	"back":             {"da": "Tilbage til søgningen", "no": "Tilbake til søket", "de": "Zurück zur Suche", "en": "Back to search"},
	"source":           {"da": "Original side", "no": "Originalside", "de": "Originalseite", "en": "Original page"},
	"instructions":     {"da": "Udførelse", "no": "Utførelse", "de": "Ausführung", "en": "Instructions"},
	"aka":              {"da": "Også kendt som", "no": "Også kjent som", "de": "Auch bekannt als", "en": "Also known as"},
	"uilang":           {"da": "Sprog", "no": "Språk", "de": "Sprache", "en": "Language"},
	"error":            {"da": "Der skete en fejl", "no": "Det oppstod en feil", "de": "Ein Fehler ist aufgetreten", "en": "Something went wrong"},
	"have":             {"da": "Kun øvelser med udstyr jeg har", "no": "Bare øvelser med utstyr jeg har", "de": "Nur Übungen mit Ausrüstung, die ich habe", "en": "Only exercises with equipment I have"},
	"section":          {"da": "Afsnit", "no": "Avsnitt", "de": "Abschnitt", "en": "Section"},
	"inferred":         {"da": "udledt af titlen", "no": "utledet fra tittelen", "de": "aus dem Titel abgeleitet", "en": "inferred from the title"},
	"quoted":           {"da": "“%s”", "no": "«%s»", "de": "„%s“", "en": "“%s”"},
	"skip":             {"da": "Gå til resultaterne", "no": "Gå til resultatene", "de": "Zu den Ergebnissen", "en": "Skip to results"},
	"selected":         {"da": "Valgte filtre", "no": "Valgte filtre", "de": "Gewählte Filter", "en": "Selected filters"},
	"remove":           {"da": "Fjern filteret %s", "no": "Fjern filteret %s", "de": "Filter %s entfernen", "en": "Remove the filter %s"},
	"clearall":         {"da": "Ryd alle", "no": "Fjern alle", "de": "Alle entfernen", "en": "Clear all"},
	"didyoumean":       {"da": "Mente du", "no": "Mente du", "de": "Meintest du", "en": "Did you mean"},
	"noresultsfor":     {"da": "Ingen resultater for “%s”.", "no": "Ingen treff for «%s».", "de": "Keine Ergebnisse für „%s“.", "en": "No results for “%s”."},
	"nothing":          {"da": "Ingen resultater.", "no": "Ingen treff.", "de": "Keine Ergebnisse.", "en": "No results."},
	"withoutfilters":   {"da": "Vis %s resultater uden filtre", "no": "Vis %s treff uten filtre", "de": "%s Ergebnisse ohne Filter anzeigen", "en": "Show %s results without filters"},
	"tryremove":        {"da": "Prøv at fjerne et filter.", "no": "Prøv å fjerne et filter.", "de": "Entferne einen Filter.", "en": "Try removing a filter."},
	"tryfewer":         {"da": "Prøv færre eller andre ord – du kan søge på dansk, norsk, tysk eller engelsk.", "no": "Prøv færre eller andre ord – du kan søke på norsk, dansk, tysk eller engelsk.", "de": "Versuche weniger oder andere Wörter – du kannst auf Deutsch, Englisch, Dänisch oder Norwegisch suchen.", "en": "Try fewer or other words – you can search in English, German, Danish or Norwegian."},
	"showmore":         {"da": "Vis %d flere", "no": "Vis %d flere", "de": "%d weitere anzeigen", "en": "Show %d more"},
	"only":             {"da": "Vis kun %s", "no": "Vis bare %s", "de": "Nur %s anzeigen", "en": "Show only %s"},
	"understoodfilter": {"da": "Kun %s", "no": "Bare %s", "de": "Nur %s", "en": "%s only"},
	"understoodboost":  {"da": "%s først", "no": "%s først", "de": "%s zuerst", "en": "%s first"},
	"understoodfrom":   {"da": "Læst ud af “%s”", "no": "Lest ut av «%s»", "de": "Gelesen aus „%s“", "en": "Read from “%s”"},
	"understoodoff":    {"da": "Fjern %s og søg på ordene, som de er skrevet", "no": "Fjern %s og søk på ordene slik de er skrevet", "de": "%s entfernen und nach den Wörtern suchen, wie sie geschrieben sind", "en": "Remove %s and search the words as typed"},
	"understood":       {"da": "Forstået i søgningen", "no": "Forstått i søket", "de": "Aus der Suche verstanden", "en": "Understood from the search"},
	"tagline":          {"da": "Find den rigtige øvelse", "no": "Finn riktig øvelse", "de": "Finde die richtige Übung", "en": "Find the right exercise"},
	"widgetall":        {"da": "Alle resultater på søgesiden", "no": "Alle treff på søkesiden", "de": "Alle Ergebnisse auf der Suchseite", "en": "All results on the search page"},
	"widgetdown":       {"da": "Søg i øvelser og artikler på søgesiden", "no": "Søk i øvelser og artikler på søkesiden", "de": "Übungen und Artikel auf der Suchseite suchen", "en": "Search exercises and articles on the search page"},
	"metasearch":       {"da": "Søg blandt %s øvelser og artikler på dansk, norsk, tysk og engelsk: efter muskelgruppe, udstyr og træningsfokus.", "no": "Søk blant %s øvelser og artikler på norsk, dansk, tysk og engelsk: etter muskelgruppe, utstyr og treningsfokus.", "de": "Durchsuche %s Übungen und Artikel auf Deutsch, Englisch, Dänisch und Norwegisch: nach Muskelgruppe, Ausrüstung und Trainingsschwerpunkt.", "en": "Search %s exercises and articles in English, German, Danish and Norwegian: by muscle group, equipment and training focus."},
	"alternatives":     {"da": "Alternativer", "no": "Alternativer", "de": "Alternativen", "en": "Alternatives"},
	"ihave":            {"da": "Jeg har", "no": "Jeg har", "de": "Ich habe", "en": "I have"},
	"showalternatives": {"da": "Vis alternativer", "no": "Vis alternativer", "de": "Alternativen anzeigen", "en": "Show alternatives"},
	"bodyweightalways": {"da": "Øvelser uden udstyr er altid med.", "no": "Øvelser uten utstyr er alltid med.", "de": "Übungen ohne Geräte sind immer dabei.", "en": "Exercises without equipment are always included."},
	"samemuscle":       {"da": "Samme muskler", "no": "Samme muskler", "de": "Gleiche Muskeln", "en": "Same muscles"},
	"samefocus":        {"da": "Samme træningsfokus", "no": "Samme treningsfokus", "de": "Gleicher Trainingsschwerpunkt", "en": "Same training focus"},
	"samemovement":     {"da": "Samme bevægelse", "no": "Samme bevegelse", "de": "Gleiche Bewegung", "en": "Same movement"},
	"noalternatives":   {"da": "Ingen alternativer med det udstyr.", "no": "Ingen alternativer med det utstyret.", "de": "Keine Alternativen mit dieser Ausrüstung.", "en": "No alternatives with this equipment."},
}

// t returns the message key in ui, falling back to English, then to the key
// itself, so that a missing message shows rather than vanishes.
func t(ui, key string) string {
	if m := messages[key][ui]; m != "" {
		return m
	}
	if m := messages[key]["en"]; m != "" {
		return m
	}
	return key
}

// uiLanguages are the interface languages with their own names.
var uiLanguages = []struct{ Code, Name string }{
	{"da", "Dansk"}, {"no", "Norsk"}, {"de", "Deutsch"}, {"en", "English"},
}

// The matcher is given bokmål and nynorsk as tags of their own: left to
// itself it takes "nb" for closer to Danish than to "no".
var uiMatcher = language.NewMatcher([]language.Tag{
	language.English, language.Danish, language.Norwegian, language.Make("nb"), language.Make("nn"), language.German,
})

// uiCodes are the interface languages of uiMatcher's tags, in order.
var uiCodes = []string{"en", "da", "no", "no", "no", "de"}

// uiFor is the interface language of a page: the ui parameter if it names
// one, else the browser's Accept-Language.
func uiFor(c echo.Context) string {
	if v := c.QueryParam("ui"); corpus.IsLanguage(v) {
		return v
	}
	return negotiateUI(c.Request().Header.Get("Accept-Language"))
}

// requestedUI is the interface language the URL names, or "" when it
// names none and the browser's Accept-Language chose it.
func requestedUI(c echo.Context) string {
	if v := c.QueryParam("ui"); corpus.IsLanguage(v) {
		return v
	}
	return ""
}

// negotiateUI picks the interface language from an Accept-Language header.
// Norwegian bokmål and nynorsk (nb, nn) count as Norwegian; anything else
// that matches none of the four is English.
func negotiateUI(acceptLanguage string) string {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return "en"
	}
	_, idx, conf := uiMatcher.Match(tags...)
	if conf == language.No {
		return "en"
	}
	return uiCodes[idx]
}

// formatCount writes an integer with the thousands separator of ui.
func formatCount(ui string, n any) string {
	var s string
	switch x := n.(type) {
	case int:
		s = strconv.Itoa(x)
	case uint64:
		s = strconv.FormatUint(x, 10)
	default:
		s = fmt.Sprint(x)
	}
	sep := "."
	if ui == "en" {
		sep = ","
	} else if ui == "no" {
		sep = "\u00a0"
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	return b.String()
}
