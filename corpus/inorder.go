package corpus

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
)

// Files are read concurrently and used in order. Reading a file is most of
// Load's work (Markdown, YAML, Liquid, HTML) and touches nothing shared, so
// up to Options.Workers files are read at once; but the loader must see
// their results in the walk's order, since that order decides which source
// keeps an id, and the order of problems, warnings and progress. inOrder
// does both: workers take the files in turn, and the calling goroutine
// waits for each file's result in turn, so every result is used where it
// would have been used had the files been read one by one.
//
// Workers run at most window files ahead of the one the caller waits for,
// so what waits to be used is bounded: a slow file holds the others back
// rather than letting their results pile up.

// inOrder calls work(i) for every i in [0, n), on up to workers goroutines,
// and use(i, result) for each on the calling goroutine, in order of i. It
// stops early, returning ctx's error, when ctx is done; no goroutine it
// started outlives it. A panic in work is raised again in the caller.
func inOrder[T any](ctx context.Context, n, workers int, work func(int) T, use func(int, T)) error {
	if workers <= 1 || n <= 1 {
		for i := range n {
			if err := ctx.Err(); err != nil {
				return err
			}
			use(i, work(i))
		}
		return nil
	}
	type outcome struct {
		v     T
		panic *workPanic
	}
	type job struct {
		i   int
		out chan outcome
	}
	window := 8 * workers
	stop := make(chan struct{})
	jobs := make(chan job)
	queue := make(chan chan outcome, window) // each job's result, in order
	var wg sync.WaitGroup
	defer func() {
		close(stop)
		wg.Wait()
	}()
	wg.Add(1 + workers)
	go func() {
		defer wg.Done()
		defer close(queue)
		defer close(jobs)
		for i := range n {
			out := make(chan outcome, 1)
			select {
			case queue <- out:
			case <-stop:
				return
			}
			select {
			case jobs <- job{i, out}:
			case <-stop:
				return
			}
		}
	}()
	for range workers {
		go func() {
			defer wg.Done()
			for j := range jobs {
				j.out <- func() (o outcome) {
					defer func() {
						if p := recover(); p != nil {
							o.panic = &workPanic{value: p, stack: debug.Stack()}
						}
					}()
					return outcome{v: work(j.i)}
				}()
			}
		}()
	}
	i := 0
	for out := range queue {
		if err := ctx.Err(); err != nil {
			return err
		}
		o := <-out
		if o.panic != nil {
			panic(o.panic)
		}
		use(i, o.v)
		i++
	}
	return nil
}

// workPanic is a panic in a worker, raised again in inOrder's caller with
// the worker's stack, which would otherwise be lost.
type workPanic struct {
	value any
	stack []byte
}

func (p *workPanic) Error() string {
	return fmt.Sprintf("%v\n\nin a corpus reading goroutine:\n%s", p.value, p.stack)
}

// Unwrap gives the panic's value when it was an error.
func (p *workPanic) Unwrap() error {
	err, _ := p.value.(error)
	return err
}
