package corpus

import (
	"maps"
	"testing"
)

func TestMineConcepts(t *testing.T) {
	ex := func(id, lang, title, record string, alts ...string) Document {
		return Document{ID: id, Lang: lang, Kind: KindExercise, Title: title, AltTitles: alts, Record: record}
	}
	docs := []Document{
		// wger: one exercise, two translations, with an alias.
		ex("wger/a-de", "de", "Schulterdrücken KH", "wger#1"),
		ex("wger/a-en", "en", "Dumbbell Shoulder Press", "wger#1", "Seated Dumbbell Press"),
		// free-exercise-db shares the English name.
		ex("fedb/Dumbbell_Shoulder_Press", "en", "Dumbbell Shoulder Press", ""),
		// motionsplan names it in its alternative titles.
		ex("mp/skulderpres", "da", "Skulderpres med håndvægte", "", "Seated dumbbell press"),
		// A name five exercises carry names a kind: it joins nothing.
		ex("x/1", "en", "Curl", ""), ex("x/2", "en", "Biceps Curl", "", "Curl"),
		ex("x/3", "en", "Hammer Curl", "", "Curl"), ex("x/4", "en", "Leg Curl", "", "Curl"),
		ex("x/5", "en", "Wrist Curl", "", "Curl"),
		// An article is never part of a concept.
		{ID: "post", Lang: "en", Kind: KindArticle, Title: "Dumbbell Shoulder Press"},
		// An exercise described once has no concept.
		ex("alone", "en", "Lonely Lift", ""),
	}
	docs[1].Families = []string{"overhead-press"}
	got := MineDocuments(docs).Counts
	want := map[string]int{"concepts": 1, MinedTranslations: 1, MinedSharedNames: 1, MinedAltTitles: 1}
	if !maps.Equal(got, want) {
		t.Errorf("counts %v, want %v", got, want)
	}
	for _, d := range docs {
		shoulder := d.ID == "wger/a-de" || d.ID == "wger/a-en" || d.ID == "fedb/Dumbbell_Shoulder_Press" || d.ID == "mp/skulderpres"
		if shoulder && d.Concept != "fedb/Dumbbell_Shoulder_Press" {
			t.Errorf("%s: concept %q, want the shoulder press's", d.ID, d.Concept)
		}
		if shoulder && (len(d.Families) != 1 || d.Families[0] != "overhead-press") {
			t.Errorf("%s: families %v, want the concept's [overhead-press]", d.ID, d.Families)
		}
		if !shoulder && d.Concept != "" {
			t.Errorf("%s: concept %q, want none", d.ID, d.Concept)
		}
	}
}
