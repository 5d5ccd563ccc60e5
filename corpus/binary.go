package corpus

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"
	"unsafe"
)

// A Document's binary form, for a build that spools its documents to disk
// rather than keeping them all in memory (indexer/spool.go). It is private
// to one process: no version, no promise across releases. Every field in
// declaration order: a string as its length (uvarint) and bytes; a list as
// its length plus one (0 for nil, so nil and empty stay apart) and its
// elements; a bool as a byte; Modified as time.Time's own binary form.
// TestDocumentBinaryRoundTrip sets every field, found by reflection, so a
// field added to Document and not here fails it.

// AppendBinary appends d's binary form to b.
func (d *Document) AppendBinary(b []byte) ([]byte, error) {
	b = appendString(b, d.ID)
	b = appendString(b, d.Lang)
	b = appendString(b, string(d.Kind))
	b = appendString(b, d.Title)
	b = appendStrings(b, d.AltTitles)
	b = appendString(b, d.Excerpt)
	b = appendString(b, d.Instructions)
	b = appendString(b, d.Body)
	b = appendLen(b, d.Sections == nil, len(d.Sections))
	for _, s := range d.Sections {
		b = appendString(b, s.Heading)
		b = appendString(b, s.Anchor)
		b = appendString(b, s.Text)
	}
	for _, l := range [][]string{d.Muscle, d.Equipment, d.Focus, d.Families, d.Inferred, d.TrainingType, d.Tags, d.Categories} {
		b = appendStrings(b, l)
	}
	b = appendString(b, d.URL)
	b = appendString(b, d.Image)
	t, err := d.Modified.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("document %s: modified: %w", d.ID, err)
	}
	b = appendString(b, unsafe.String(unsafe.SliceData(t), len(t)))
	if d.LangDetected {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	for _, l := range [][]string{d.Raw.Muscle, d.Raw.Equipment, d.Raw.Focus} {
		b = appendStrings(b, l)
	}
	b = appendString(b, d.Source)
	b = appendString(b, d.Concept)
	return appendString(b, d.Record), nil
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendLen(b []byte, isNil bool, n int) []byte {
	if isNil {
		return append(b, 0)
	}
	return binary.AppendUvarint(b, uint64(n)+1)
}

func appendStrings(b []byte, l []string) []byte {
	b = appendLen(b, l == nil, len(l))
	for _, s := range l {
		b = appendString(b, s)
	}
	return b
}

// UnmarshalBinary sets d from the binary form AppendBinary gave. The
// document's strings share one copy of data.
func (d *Document) UnmarshalBinary(data []byte) error {
	r := binReader{s: string(data)}
	*d = Document{}
	d.ID = r.string()
	d.Lang = r.string()
	d.Kind = Kind(r.string())
	d.Title = r.string()
	d.AltTitles = r.strings()
	d.Excerpt = r.string()
	d.Instructions = r.string()
	d.Body = r.string()
	if n, isNil := r.len(); !isNil {
		d.Sections = make([]Section, n)
		for i := range d.Sections {
			d.Sections[i] = Section{Heading: r.string(), Anchor: r.string(), Text: r.string()}
		}
	}
	for _, l := range []*[]string{&d.Muscle, &d.Equipment, &d.Focus, &d.Families, &d.Inferred, &d.TrainingType, &d.Tags, &d.Categories} {
		*l = r.strings()
	}
	d.URL = r.string()
	d.Image = r.string()
	if t := r.string(); r.err == nil {
		var m time.Time
		if err := m.UnmarshalBinary([]byte(t)); err != nil {
			return fmt.Errorf("document %s: modified: %w", d.ID, err)
		}
		d.Modified = m
	}
	if r.err == nil && len(r.s) > 0 {
		d.LangDetected = r.s[0] == 1
		r.s = r.s[1:]
	} else {
		r.err = errShortDocument
	}
	for _, l := range []*[]string{&d.Raw.Muscle, &d.Raw.Equipment, &d.Raw.Focus} {
		*l = r.strings()
	}
	d.Source = r.string()
	d.Concept = r.string()
	d.Record = r.string()
	if r.err == nil && len(r.s) > 0 {
		r.err = fmt.Errorf("%d bytes after the document", len(r.s))
	}
	if r.err != nil {
		return fmt.Errorf("document %q: binary form: %w", d.ID, r.err)
	}
	return nil
}

var errShortDocument = errors.New("cut short")

// binReader takes AppendBinary's parts off the front of s; after the first
// error it gives zero values.
type binReader struct {
	s   string
	err error
}

func (r *binReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	var v uint64
	for i := 0; i < len(r.s) && i < binary.MaxVarintLen64; i++ {
		c := r.s[i]
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			r.s = r.s[i+1:]
			return v
		}
	}
	r.err = errShortDocument
	return 0
}

func (r *binReader) string() string {
	n := r.uvarint()
	if r.err != nil {
		return ""
	}
	if n > uint64(len(r.s)) {
		r.err = errShortDocument
		return ""
	}
	s := r.s[:n]
	r.s = r.s[n:]
	return s
}

func (r *binReader) len() (n int, isNil bool) {
	v := r.uvarint()
	if r.err != nil || v == 0 {
		return 0, true
	}
	if v-1 > uint64(len(r.s)) { // each element takes at least a byte
		r.err = errShortDocument
		return 0, true
	}
	return int(v - 1), false
}

func (r *binReader) strings() []string {
	n, isNil := r.len()
	if isNil {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = r.string()
	}
	return out
}
