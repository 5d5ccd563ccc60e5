package corpus

// Labels for the two facets that are not in the taxonomy: a document's
// language and kind, named in each interface language.

var languageNames = map[string]map[string]string{
	"da": {"da": "Dansk", "no": "Dansk", "de": "Dänisch", "en": "Danish"},
	"no": {"da": "Norsk", "no": "Norsk", "de": "Norwegisch", "en": "Norwegian"},
	"de": {"da": "Tysk", "no": "Tysk", "de": "Deutsch", "en": "German"},
	"en": {"da": "Engelsk", "no": "Engelsk", "de": "Englisch", "en": "English"},
}

var kindNames = map[Kind]map[string]string{
	KindExercise: {"da": "Øvelse", "no": "Øvelse", "de": "Übung", "en": "Exercise"},
	KindArticle:  {"da": "Artikel", "no": "Artikkel", "de": "Artikel", "en": "Article"},
}

// LanguageName names the language code in the interface language ui.
func LanguageName(code, ui string) string {
	if n := languageNames[code][ui]; n != "" {
		return n
	}
	if n := languageNames[code]["en"]; n != "" {
		return n
	}
	return code
}

// KindName names the kind in the interface language ui.
func KindName(k Kind, ui string) string {
	if n := kindNames[k][ui]; n != "" {
		return n
	}
	if n := kindNames[k]["en"]; n != "" {
		return n
	}
	return string(k)
}

var unspecifiedNames = map[string]string{"da": "Ikke angivet", "no": "Ikke angitt", "de": "Nicht angegeben", "en": "Not specified"}

// UnspecifiedName names the facet value Unspecified in the interface
// language ui.
func UnspecifiedName(ui string) string {
	if n := unspecifiedNames[ui]; n != "" {
		return n
	}
	return unspecifiedNames["en"]
}
