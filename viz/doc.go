// Package viz draws what the planner and the simulator know: the belief
// heatmap with its colour legend, the search bounds and keep-out zones, the
// planner's tree, the best path, the flown trail, the vehicle with its
// heading and camera footprint, the targets (found ones highlighted), false
// detections, and a text HUD.
//
// # Frames, not live state
//
// viz never reaches into the planner or the simulator. A publisher (the
// simulator's frame callback, the flight loop) builds a [Frame], a
// read-only snapshot of copies, and hands it over; the drawing code only
// reads it. The package imports nothing above the algorithm packages'
// types, so a frame can come from anywhere, including a test.
//
// # One scene, two targets
//
// A [Scene] draws a frame through a [View] (pan and zoom over the mission's
// ground plane) with pixel's imdraw and text packages onto any pixel.Target:
//
//   - the live window, behind the build tag gui ([RunWindow]); it needs cgo,
//     OpenGL and a display, so the default build and the onboard binary stay
//     CGO-free;
//   - a [SoftTarget], a software rasteriser: [Renderer] draws PNGs,
//     [Recorder] PNGs and GIF animations, and the tests check pixels, all
//     without cgo or a display.
//
// SoftTarget fills triangles by pixel centre exactly as OpenGL does, so the
// headless picture is the window's (CI compares the two: fewer than 1 % of
// the pixels may differ; they differ in about 0.03 %). Its Antialias option
// smooths edges with golang.org/x/image/vector instead.
//
// The heatmap is one textured quad, one texel per cell, and the tree one
// batch of one-pixel lines, because those are the layers that grow with the
// mission. Every tree edge blends the same colour, so SoftTarget counts the
// edges over each pixel first and blends each covered pixel once, which
// gives exactly the picture of blending edge by edge. A Scene reuses its
// buffers, so drawing a frame allocates almost nothing once warm; rendering
// an 800×600 frame with a 50,000-edge tree headless takes about 7.5 ms of CPU
// (BenchmarkRender50kEdges; 15 ms before the edges were counted), of which
// the tree is about three quarters.
//
// # Playback
//
// The window shows the latest frame a [Player] accepted. The player paces
// the publisher to a playback clock the window advances (pause, faster,
// slower), so a simulation faster than real time plays at a watchable
// speed, and it releases the publisher when the window closes.
package viz
