package mavlink

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/bluenviron/gomavlib/v3/pkg/frame"
	"github.com/bluenviron/gomavlib/v3/pkg/message"
)

// Every malformed or absurd value is dropped with its message and counted;
// nothing of it reaches the telemetry.
func TestInboundValidation(t *testing.T) {
	now := time.Unix(1000, 0)
	pos := func(edit func(m *common.MessageGlobalPositionInt)) message.Message {
		m := goodPosition()
		edit(m)
		return m
	}
	nan := float32(math.NaN())
	tests := []struct {
		name     string
		msg      message.Message
		sys      uint8
		want     verdict
		check    func(Telemetry) bool
		checkTxt string
	}{
		{"good position", goodPosition(), 1, applied, func(t Telemetry) bool {
			return t.Lat == 47.397742 && t.RelAlt == 30 && math.Abs(t.PositionYaw-math.Pi/2) < 1e-9
		}, "lat 47.397742, 30 m up, yaw east"},
		{"unknown heading", pos(func(m *common.MessageGlobalPositionInt) { m.Hdg = math.MaxUint16 }), 1, applied,
			func(t Telemetry) bool { return math.IsNaN(t.PositionYaw) }, "yaw NaN"},
		{"latitude past the pole", pos(func(m *common.MessageGlobalPositionInt) { m.Lat = 900_000_001 }), 1, dropped, nil, ""},
		{"longitude past the antimeridian", pos(func(m *common.MessageGlobalPositionInt) { m.Lon = -1_800_000_001 }), 1, dropped, nil, ""},
		{"no fix (0, 0)", pos(func(m *common.MessageGlobalPositionInt) { m.Lat, m.Lon = 0, 0 }), 1, dropped, nil, ""},
		{"absurd altitude", pos(func(m *common.MessageGlobalPositionInt) { m.RelativeAlt = 50_000_000 }), 1, dropped, nil, ""},
		{"absurd depth", pos(func(m *common.MessageGlobalPositionInt) { m.RelativeAlt = -2_000_000 }), 1, dropped, nil, ""},
		{"absurd sea level altitude", pos(func(m *common.MessageGlobalPositionInt) { m.Alt = math.MaxInt32 }), 1, dropped, nil, ""},
		{"absurd speed", pos(func(m *common.MessageGlobalPositionInt) { m.Vz = math.MinInt16 }), 1, dropped, nil, ""},
		{"heading 360.00", pos(func(m *common.MessageGlobalPositionInt) { m.Hdg = 36000 }), 1, dropped, nil, ""},
		{"older datagram", pos(func(m *common.MessageGlobalPositionInt) { m.TimeBootMs = 500 }), 1, dropped, nil, ""},
		{"overtaken datagram", pos(func(m *common.MessageGlobalPositionInt) { m.TimeBootMs = 0; m.Lat++ }), 1, dropped, nil, ""},
		{"a minute later", pos(func(m *common.MessageGlobalPositionInt) { m.TimeBootMs = 61_000 }), 1, applied, nil, ""},
		{"rebooted autopilot", pos(func(m *common.MessageGlobalPositionInt) { m.TimeBootMs = 20; m.Lat++ }), 1, applied,
			func(t Telemetry) bool { return t.PositionBoot == 20 }, "the new boot time"},
		{"another system", goodPosition(), 2, foreign, nil, ""},
		{"attitude", &common.MessageAttitude{Roll: 0.1, Pitch: -0.2, Yaw: 3}, 1, applied,
			func(t Telemetry) bool { return float32(t.Roll) == 0.1 && float32(t.Pitch) == -0.2 }, "roll 0.1, pitch -0.2"},
		{"NaN roll", &common.MessageAttitude{Roll: nan}, 1, dropped, nil, ""},
		{"infinite yaw", &common.MessageAttitude{Yaw: float32(math.Inf(1))}, 1, dropped, nil, ""},
		{"pitch past vertical", &common.MessageAttitude{Pitch: 2}, 1, dropped, nil, ""},
		{"home", &common.MessageHomePosition{Latitude: 473977420, Longitude: 85455940, Altitude: 488_000}, 1, applied,
			func(t Telemetry) bool { return t.HomeLat == 47.397742 && t.HomeAlt == 488 }, "home at 47.397742, 488 m"},
		{"home off the globe", &common.MessageHomePosition{Latitude: -900_000_001, Longitude: 1}, 1, dropped, nil, ""},
		{"origin", &common.MessageGpsGlobalOrigin{Latitude: 473977420, Longitude: 85455940, Altitude: 400_000}, 1, applied,
			func(t Telemetry) bool { return t.OriginAlt == 400 && t.HomeAlt == 488 }, "origin 400 m, home unchanged"},
		{"origin in space", &common.MessageGpsGlobalOrigin{Latitude: 1, Longitude: 1, Altitude: 100_000_000}, 1, dropped, nil, ""},
		{"ack", &common.MessageCommandAck{}, 1, routed, nil, ""},
		{"mission current", &common.MessageMissionCurrent{Seq: 4}, 1, applied,
			func(t Telemetry) bool { return t.MissionSeq == 4 }, "item 4"},
		{"unused message", &common.MessageVfrHud{}, 1, foreign, nil, ""},
		{"ground station heartbeat", &common.MessageHeartbeat{Type: common.MAV_TYPE_GCS, Autopilot: common.MAV_AUTOPILOT_INVALID}, 9, foreign, nil, ""},
		{"second autopilot", autopilotHeartbeat(), 7, foreign, nil, ""},
	}
	var in inbound
	if v := in.handle(goodPosition(), 1, 1, now); v != foreign {
		t.Fatalf("a position before any heartbeat: %v, want foreign", v)
	}
	hb := autopilotHeartbeat()
	hb.CustomMode = 6 << 16
	if v := in.handle(hb, 1, 1, now); v != applied || in.t.CustomMode != 6<<16 || !in.t.Armed {
		t.Fatalf("autopilot heartbeat: %v, telemetry %+v", v, in.t)
	}
	wantStats := in.stats
	for _, tt := range tests {
		before := in.t
		v := in.handle(tt.msg, tt.sys, 1, now)
		if v != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, v, tt.want)
		}
		switch tt.want {
		case applied, routed:
			wantStats.Frames++
		case dropped:
			wantStats.Dropped++
			if fmt.Sprint(in.t) != fmt.Sprint(before) {
				t.Errorf("%s: dropped but the telemetry changed", tt.name)
			}
		case foreign:
			wantStats.Foreign++
		}
		if tt.check != nil && !tt.check(in.t) {
			t.Errorf("%s: telemetry %+v, want %s", tt.name, in.t, tt.checkTxt)
		}
	}
	if in.stats != wantStats {
		t.Errorf("stats %+v, want %+v", in.stats, wantStats)
	}
}

// FuzzInbound feeds arbitrary bytes to the inbound path two ways: as a byte
// stream through gomavlib's frame reader (CRC and all), and as the payload
// of each message the bridge uses, decoded without a CRC so that every field
// value is reachable. The handler must never panic, and the telemetry must
// stay finite and on the globe whatever arrives.
func FuzzInbound(f *testing.F) {
	f.Add(encodeSeed(f, autopilotHeartbeat(), goodPosition(), &common.MessageAttitude{Roll: 0.1}))
	bad := goodPosition()
	bad.Lat = 910_000_000
	f.Add(encodeSeed(f, autopilotHeartbeat(), bad, &common.MessageAttitude{Roll: float32(math.NaN())},
		&common.MessageHomePosition{Latitude: 1, Longitude: 1, Altitude: math.MaxInt32}))
	f.Add([]byte{0xfd, 9, 0, 0, 0, 1, 1, 0, 0, 0})
	f.Add(append([]byte{33}, make([]byte, 28)...))
	rw, err := newDialectRW()
	if err != nil {
		f.Fatal(err)
	}
	ids := []uint32{0, 33, 30, 242, 49, 42, 77, 39, 40, 51, 47, 253}
	f.Fuzz(func(t *testing.T, data []byte) {
		var in inbound
		now := time.Unix(0, 0)
		in.handle(autopilotHeartbeat(), 1, 1, now)
		check := func() {
			tl := in.t
			for _, v := range []float64{tl.Lat, tl.Lon, tl.Alt, tl.RelAlt, tl.Roll, tl.Pitch, tl.Yaw, tl.HomeLat, tl.HomeLon,
				tl.HomeAlt, tl.OriginLat, tl.OriginLon, tl.OriginAlt, tl.VelNED[0], tl.VelNED[1], tl.VelNED[2]} {
				if !finite(v) {
					t.Fatalf("non-finite telemetry %+v", tl)
				}
			}
			if math.Abs(tl.Lat) > 90 || math.Abs(tl.Lon) > 180 || tl.RelAlt > maxRelAlt || tl.RelAlt < minRelAlt {
				t.Fatalf("out-of-range telemetry %+v", tl)
			}
		}
		r := &frame.Reader{BufByteReader: bufio.NewReader(bytes.NewReader(data)), DialectRW: rw}
		if err := r.Initialize(); err != nil {
			t.Fatal(err)
		}
		for range 64 {
			fr, err := r.Read()
			if err != nil {
				if _, ok := err.(frame.ReadError); ok {
					continue
				}
				break
			}
			now = now.Add(time.Millisecond)
			in.handle(fr.GetMessage(), fr.GetSystemID(), fr.GetComponentID(), now)
			check()
		}
		if len(data) == 0 {
			return
		}
		mrw := rw.GetMessage(ids[int(data[0])%len(ids)])
		msg, err := mrw.Read(&message.MessageRaw{ID: mrw.Message.GetID(), Payload: data[1:]}, true)
		if err != nil {
			return
		}
		in.handle(msg, 1, 1, now.Add(time.Second))
		check()
	})
}

func encodeSeed(f *testing.F, msgs ...message.Message) []byte { return encode(f, msgs...) }
