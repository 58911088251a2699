//go:build !gui

package main

import (
	"context"

	"github.com/tigris-uav/tigris/viz"
)

// runWindow would show a live window; this binary was built without it (the
// window needs cgo and OpenGL, which the onboard build leaves out), so it
// returns an input error and never starts work.
func runWindow(context.Context, string, func(ctx context.Context, publish func(*viz.Frame) bool) error) error {
	return windowAvailable()
}

// windowAvailable reports, as an input error, why -gui cannot open a window:
// this binary has none.
func windowAvailable() error {
	return inputErrorf("-gui: this tigris was built without the window; rebuild it with `go build -tags gui` (needs cgo and the OpenGL/X11 development packages, see README)")
}
