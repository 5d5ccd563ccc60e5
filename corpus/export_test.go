package corpus

// DetectionSample is detectionSample, for the tests of package corpus_test.
var DetectionSample = detectionSample

// LinguaFolders are the folders of lingua's models that the detector reads.
func LinguaFolders() []string {
	var out []string
	for _, l := range linguaLanguages {
		out = append(out, l.folder)
	}
	return out
}

// LinguaModelFiles and LinguaModelPath are the embedded models and the name
// of one among them.
var LinguaModelFiles = linguaModelFiles

func LinguaModelPath(folder string, n int) string {
	return linguaModelPath(linguaFolder(folder), n)
}

// ReadLinguaModel reads one model file as lingua wrote it; LoadLinguaModel
// loads it as the detector does, afresh.
var ReadLinguaModel = readLinguaModel

func LoadLinguaModel(folder string, n int) (map[string]float64, error) {
	return loadLinguaModel(linguaFolder(folder), n)
}

func linguaFolder(folder string) linguaLanguage {
	for i, l := range linguaLanguages {
		if l.folder == folder {
			return linguaLanguage(i)
		}
	}
	panic("no lingua language in folder " + folder)
}
