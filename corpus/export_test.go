package corpus

// DetectionSample is detectionSample, for the tests of package corpus_test.
var DetectionSample = detectionSample
