//go:build gui

package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/tigris-uav/tigris/viz"
)

// playbackSpeed is the window's initial speed, × real time: a 10-minute
// mission plays in about a minute and a quarter.
const playbackSpeed = 8

// runWindow shows the frames work publishes in a live window until the
// window is closed or ctx is done (Ctrl-C), and returns work's error. work
// runs on its own goroutine with a context cancelled when the window
// closes; its publish blocks to pace it to the playback (pause stops it)
// and returns false once the window is closed. runWindow must run on the
// main goroutine. Without a display it returns an input error at once,
// before starting work.
func runWindow(ctx context.Context, title string, work func(ctx context.Context, publish func(*viz.Frame) bool) error) error {
	if err := windowAvailable(); err != nil {
		return err
	}
	p := viz.NewPlayer(playbackSpeed)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		<-ctx.Done()
		p.Close()
	}()
	done := make(chan error, 1)
	go func() {
		err := work(ctx, p.Publish)
		p.Finish()
		done <- err
	}()
	werr := viz.RunWindow(viz.WindowConfig{Title: title}, p)
	cancel()
	err := <-done
	if werr != nil {
		return werr
	}
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		return nil // the user closed the window or pressed Ctrl-C
	}
	return err
}

// windowAvailable reports, as an input error, why -gui cannot open a window.
func windowAvailable() error {
	if err := viz.DisplayAvailable(); err != nil {
		return &InputError{Err: fmt.Errorf("-gui: %w (-png and -gif render without one)", err)}
	}
	return nil
}
