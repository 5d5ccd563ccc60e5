package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/search"
)

// defaultIndexDir returns the directory the embedded corpus is indexed into:
// a cache directory, so that it survives restarts and can always be deleted.
func defaultIndexDir(cacheDir string) (string, error) {
	if cacheDir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return "", fmt.Errorf("no cache directory (set --cache-dir or EXSEARCH_CACHE_DIR): %w", err)
		}
		cacheDir = filepath.Join(base, "exsearch")
	}
	return filepath.Join(cacheDir, "default-index"), nil
}

// ensureDefaultIndex builds the embedded corpus's index unless the cached one
// was built from the same corpus and schema.
func ensureDefaultIndex(ctx context.Context, dir string, log *slog.Logger) error {
	fp := corpus.DefaultFingerprint()
	if p, _, err := indexer.Current(dir); err == nil {
		ix, err := search.Open(p)
		if err == nil {
			meta := ix.Meta()
			ix.Close()
			if meta.Fingerprint == fp {
				return nil
			}
			log.Info("cached default index is from another corpus version; rebuilding", "dir", dir)
		} else {
			log.Info("cached default index cannot be opened; rebuilding", "dir", dir, "err", err)
		}
	}
	log.Info("indexing the embedded default corpus", "dir", dir)
	sum, err := indexer.Reindex(ctx, dir, []corpus.Source{corpus.DefaultSource()}, indexer.ReindexOptions{
		Strict:      true,
		Publish:     indexer.PublishOptions{Check: search.Verify},
		Corpora:     []string{"(embedded default corpus)"},
		Fingerprint: fp,
	})
	if err != nil {
		return fmt.Errorf("index the default corpus: %w", err)
	}
	log.Info("default corpus indexed", "docs", sum.Report.Total(), "took", sum.Total.Round(1e6).String())
	return nil
}

// resolveIndex returns the index directory to serve or search: --index if
// given, else the default corpus's, built if needed.
func resolveIndex(ctx context.Context, indexDir, cacheDir string, log *slog.Logger) (string, error) {
	if indexDir != "" {
		return indexDir, nil
	}
	dir, err := defaultIndexDir(cacheDir)
	if err != nil {
		return "", err
	}
	return dir, ensureDefaultIndex(ctx, dir, log)
}
