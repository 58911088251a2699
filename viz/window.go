//go:build gui

package viz

import (
	"fmt"
	"image"
	"math"
	"os"
	"strconv"
	"time"

	"github.com/go-gl/glfw/v3.3/glfw"
	"github.com/gopxl/pixel/v2"
	"github.com/gopxl/pixel/v2/backends/opengl"
)

// WindowConfig is the live window's setup.
type WindowConfig struct {
	Title         string
	Width, Height int     // initial size, pixels; 0 means 1024×768
	Speed         float64 // initial playback speed, × real time; 0 keeps the player's
}

// frameInterval is the window's frame period: 60 frames per second, also
// where VSync does not throttle (a virtual X server).
const frameInterval = time.Second / 60

// DisplayAvailable returns an error wrapping ErrNoDisplay when no display is
// configured or GLFW cannot open the one configured.
// It must be called on the main goroutine.
func DisplayAvailable() error {
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return fmt.Errorf("%w: DISPLAY and WAYLAND_DISPLAY are unset", ErrNoDisplay)
	}
	// opengl.Run panics when GLFW cannot start: find out first. A display
	// that cannot be opened is no error from Init (go-gl only logs it); the
	// first call that needs an initialised GLFW then panics, so make one.
	if err := glfw.Init(); err != nil {
		return fmt.Errorf("%w: %v", ErrNoDisplay, err)
	}
	return glfwReady()
}

func glfwReady() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: cannot open %q: %v", ErrNoDisplay, os.Getenv("DISPLAY"), r)
		}
	}()
	glfw.DefaultWindowHints()
	return nil
}

// RunWindow shows the frames p receives until the window is closed (or p
// is), then closes p. It must be called on the main goroutine (OpenGL and the window
// system require it) and returns an error wrapping ErrNoDisplay, without
// panicking, when there is no display.
//
// Keys: drag to pan, wheel to zoom at the cursor, space to pause, + and −
// to play faster or slower, 1–8 to toggle the layers (heatmap, zones, tree,
// trail, plan, targets, vehicle, HUD), e to switch the heatmap between
// probability and entropy, f to fit the view, q or Esc to close.
func RunWindow(cfg WindowConfig, p *Player) error {
	defer p.Close()
	if err := DisplayAvailable(); err != nil {
		return err
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		cfg.Width, cfg.Height = 1024, 768
	}
	if cfg.Speed > 0 {
		p.SetSpeed(cfg.Speed)
	}
	var err error
	opengl.Run(func() { err = loop(cfg, p) })
	return err
}

func loop(cfg WindowConfig, p *Player) error {
	win, err := opengl.NewWindow(opengl.WindowConfig{
		Title:     cfg.Title,
		Bounds:    pixel.R(0, 0, float64(cfg.Width), float64(cfg.Height)),
		Resizable: true,
		VSync:     true,
	})
	if err != nil {
		return fmt.Errorf("viz: opening the window: %w", err)
	}
	defer win.Destroy()
	scene := NewScene()
	var view View
	fitted := false
	tick := time.NewTicker(frameInterval)
	defer tick.Stop()
	last := time.Now()
	status := ""
	for !win.Closed() && !p.Closed() {
		now := time.Now()
		p.Advance(now.Sub(last).Seconds())
		last = now

		w, h := int(win.Bounds().W()), int(win.Bounds().H())
		f, _ := p.Latest()
		if f != nil && !fitted {
			view, fitted = FitFrame(f, w, h), true
		}
		view = view.Resize(w, h)
		view = handleInput(win, p, scene, view, f)
		if s := statusLine(p); s != status {
			status, scene.Status = s, s
		}

		win.Clear(scene.Palette.Background)
		if f != nil {
			scene.Draw(win, f, view)
		}
		win.Update()
		<-tick.C
	}
	return nil
}

// handleInput applies the keys and the mouse of the last frame.
func handleInput(win *opengl.Window, p *Player, scene *Scene, v View, f *Frame) View {
	if win.JustPressed(pixel.KeyEscape) {
		win.SetClosed(true)
	}
	if win.JustPressed(pixel.KeySpace) {
		p.SetPaused(!p.Paused())
	}
	for _, r := range win.Typed() {
		switch {
		case r == '+' || r == '=':
			p.Faster()
		case r == '-' || r == '_':
			p.Slower()
		case r >= '1' && r <= '8':
			scene.Layers ^= 1 << (r - '1')
		case r == 'e' || r == 'E':
			scene.Heatmap = 1 - scene.Heatmap
		case (r == 'f' || r == 'F') && f != nil:
			v = FitFrame(f, v.W, v.H)
		case r == 'q' || r == 'Q':
			win.SetClosed(true)
		}
	}
	if win.Pressed(pixel.MouseButtonLeft) {
		v = v.Pan(win.MousePosition().Sub(win.MousePreviousPosition()))
	}
	if s := win.MouseScroll().Y; s != 0 && v.Scale > 0 {
		v = v.Zoom(math.Pow(1.2, s), win.MousePosition())
	}
	return v
}

// statusLine is the HUD's first line: the playback speed and state.
func statusLine(p *Player) string {
	s := "x" + strconv.FormatFloat(p.Speed(), 'g', 4, 64)
	switch {
	case p.Finished():
		s += "  finished"
	case p.Paused():
		s += "  paused"
	}
	return s
}

// captureWindow opens a w×h window, draws f in it for frames frames and
// returns the last one read back from the framebuffer. It runs inside
// opengl.Run (the gui tests' TestMain).
func captureWindow(f *Frame, w, h, frames int) (*image.RGBA, error) {
	win, err := opengl.NewWindow(opengl.WindowConfig{
		Title:  "tigris viz capture",
		Bounds: pixel.R(0, 0, float64(w), float64(h)),
	})
	if err != nil {
		return nil, fmt.Errorf("viz: opening the window: %w", err)
	}
	defer win.Destroy()
	scene := NewScene()
	v := FitFrame(f, w, h)
	for range max(frames, 1) {
		win.Clear(scene.Palette.Background)
		scene.Draw(win, f, v)
		win.Update()
	}
	// The canvas's pixels are bottom-up; images are top-down.
	pix := win.Canvas().Pixels()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		copy(img.Pix[y*img.Stride:(y+1)*img.Stride], pix[(h-1-y)*4*w:(h-y)*4*w])
	}
	return img, nil
}
