package corpus

import (
	"context"
	"errors"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"
)

// TestInOrder: results are used in order however long each takes, and
// the work is spread over the workers.
func TestInOrder(t *testing.T) {
	for _, workers := range []int{0, 1, 2, 7} {
		var got []int
		err := inOrder(context.Background(), 200, workers, func(i int) int {
			time.Sleep(time.Duration(rand.IntN(200)) * time.Microsecond)
			return i * i
		}, func(i, v int) {
			if v != i*i {
				t.Errorf("%d workers: use(%d, %d)", workers, i, v)
			}
			got = append(got, i)
		})
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range got {
			if i != v {
				t.Fatalf("%d workers: used in the order %v", workers, got)
			}
		}
		if len(got) != 200 {
			t.Errorf("%d workers: %d used, want 200", workers, len(got))
		}
	}
}

// TestInOrderCancelled: a cancelled run stops soon, returns the context's
// error, and leaves no goroutine behind.
func TestInOrderCancelled(t *testing.T) {
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	worked := 0
	err := inOrder(ctx, 100000, 4, func(i int) int {
		time.Sleep(10 * time.Microsecond)
		return i
	}, func(i, _ int) {
		worked++
		if i == 10 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) || worked != 11 {
		t.Errorf("err %v after %d used, want context.Canceled after 11", err, worked)
	}
	// Workers return just after inOrder does; a goroutine of an earlier
	// test may also still be ending: wait a little before counting.
	after := runtime.NumGoroutine()
	for deadline := time.Now().Add(2 * time.Second); after > before && time.Now().Before(deadline); after = runtime.NumGoroutine() {
		time.Sleep(10 * time.Millisecond)
	}
	if after > before {
		t.Errorf("%d goroutines before, %d after", before, after)
	}
}

// TestInOrderPanic: a panic in a worker is raised again in the caller,
// where it can be recovered, with its value.
func TestInOrderPanic(t *testing.T) {
	boom := errors.New("boom")
	defer func() {
		p := recover()
		err, _ := p.(error)
		if !errors.Is(err, boom) {
			t.Errorf("recovered %v, want boom", p)
		}
	}()
	inOrder(context.Background(), 50, 3, func(i int) int {
		if i == 20 {
			panic(boom)
		}
		return i
	}, func(int, int) {})
	t.Error("no panic")
}
