package corpus_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/exsearch/exsearch/corpus"
)

// fill sets every field of the struct v points to, found by reflection, to
// a value of its own, so that a field the binary form forgets shows.
func fill(t *testing.T, v reflect.Value, seed *int) {
	t.Helper()
	next := func() string { *seed++; return fmt.Sprintf("v%d-ø", *seed) }
	switch v.Kind() {
	case reflect.String:
		v.SetString(next())
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := 0; i < 2; i++ {
			fill(t, v.Index(i), seed)
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			*seed++
			// time.Time's binary form keeps the offset, not a zone's name.
			v.Set(reflect.ValueOf(time.Date(2020, 1, 2, 3, 4, 5, *seed, time.FixedZone("", 3600))))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			fill(t, v.Field(i), seed)
		}
	default:
		t.Fatalf("fill: no value for a %s (%s): teach fill and AppendBinary", v.Kind(), v.Type())
	}
}

func TestDocumentBinaryRoundTrip(t *testing.T) {
	var full corpus.Document
	seed := 0
	fill(t, reflect.ValueOf(&full).Elem(), &seed)
	empty := corpus.Document{ID: "x", AltTitles: []string{}, Sections: []corpus.Section{}}
	utc := corpus.Document{Modified: time.Date(2021, 5, 6, 0, 0, 0, 0, time.UTC)}
	for _, d := range []corpus.Document{full, empty, utc, {}} {
		b, err := d.AppendBinary([]byte("prefix"))
		if err != nil {
			t.Fatal(err)
		}
		var got corpus.Document
		if err := got.UnmarshalBinary(b[len("prefix"):]); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, d) {
			t.Errorf("round trip:\n got %+v\nwant %+v", got, d)
		}
		for cut := 0; cut < len(b)-len("prefix"); cut++ {
			if err := got.UnmarshalBinary(b[len("prefix") : len(b)-1-cut]); err == nil {
				t.Fatalf("%d bytes cut off: no error", cut+1)
			}
		}
	}
}
