//go:build !race

package corpus_test

// raceDetector: see race_test.go.
const raceDetector = false
