//go:build race

package corpus_test

// raceDetector is true when the tests run under the race detector, which
// makes the long comparisons several times slower; they check a sample then.
const raceDetector = true
