package analytics

import (
	"crypto/rand"
	"encoding/hex"
)

// A search id is 128 random bits in lowercase hex: it names one search to
// the click that follows it and nothing else, so it is not derived from the
// visitor, the time or a counter that could link two searches.

// IDLength is the length of a search id: 32 lowercase hex digits.
const IDLength = 32

// NewID returns a fresh search id.
func NewID() string {
	var b [IDLength / 2]byte
	rand.Read(b[:]) // never fails (crypto/rand panics instead)
	var h [IDLength]byte
	hex.Encode(h[:], b[:])
	return string(h[:]) // one allocation; hex.EncodeToString makes two

}

// ValidID reports whether s has the shape of a search id.
func ValidID(s string) bool {
	if len(s) != IDLength {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
