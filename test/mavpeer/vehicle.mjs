// A fake PX4 vehicle built on node-mavlink (ArduPilot's TypeScript MAVLink
// library): an implementation independent of gomavlib, for tigris's
// interoperability test (mavlink/interop_test.go).
//
// It serves one TCP connection on 127.0.0.1:$PORT, announces "listening" on
// stderr, and behaves as a PX4 ${KIND} ("multirotor" or "fixed-wing"):
// heartbeats, GLOBAL_POSITION_INT, ATTITUDE and HOME_POSITION, command
// acknowledgements, OFFBOARD position setpoints or the mission upload
// protocol, and AUTO.MISSION. node-mavlink checks every frame's CRC (with
// CRC_EXTRA) and this script checks every field tigris sends. When the
// connection closes it prints a JSON summary on stdout and exits 0 only if
// no CRC failed, nothing was malformed and the scenario was flown.
import net from 'node:net'
import {
  MavLinkPacketSplitter, MavLinkPacketParser, MavLinkProtocolV2, send, minimal, common,
} from 'node-mavlink'

const REGISTRY = { ...minimal.REGISTRY, ...common.REGISTRY }
const KIND = process.env.KIND ?? 'multirotor'
const PORT = Number(process.env.PORT)
const HOME = { lat: 47.397742, lon: 8.545594, alt: 488 } // PX4 SITL's
const OFFBOARD = 6 << 16
const AUTO_MISSION = (4 << 16) | (4 << 24)
const AUTO_LOITER = (4 << 16) | (3 << 24)
const SPEED = KIND === 'multirotor' ? 15 : 25

// WGS84 radii of curvature at home: a flat-earth conversion, independent of
// tigris's ECEF one and good to centimetres over the few hundred metres flown.
const a = 6378137, f = 1 / 298.257223563, e2 = f * (2 - f)
const phi = HOME.lat * Math.PI / 180
const w = 1 - e2 * Math.sin(phi) ** 2
const M = a * (1 - e2) / w ** 1.5, N = a / Math.sqrt(w)
const toLatLon = (east, north) => [HOME.lat + north / M * 180 / Math.PI, HOME.lon + east / (N * Math.cos(phi)) * 180 / Math.PI]
const toEN = (lat, lon) => [(lon - HOME.lon) * Math.PI / 180 * N * Math.cos(phi), (lat - HOME.lat) * Math.PI / 180 * M]

const seen = {
  kind: KIND, badCrc: 0, heartbeats: 0, setpoints: 0, commands: [], modes: [], missionCounts: 0,
  missionItems: 0, missionsAccepted: 0, lastSetpoint: null, firstItem: null, problems: [],
}
const problem = (what) => { if (seen.problems.length < 20) seen.problems.push(what) }

const state = { east: 0, north: 0, up: 40, yaw: 0, mode: AUTO_LOITER, target: null, mission: [], current: 0, upload: null }
const proto = new MavLinkProtocolV2(1, 1)
const boot = Date.now()

const server = net.createServer((sock) => {
  server.close()
  const out = (msg) => send(sock, msg, proto).catch(() => {})
  const reader = sock
    .pipe(new MavLinkPacketSplitter({}, { onCrcError: () => seen.badCrc++ }))
    .pipe(new MavLinkPacketParser())

  const heartbeat = () => out(Object.assign(new minimal.Heartbeat(), {
    type: KIND === 'multirotor' ? minimal.MavType.HEXAROTOR : minimal.MavType.FIXED_WING,
    autopilot: minimal.MavAutopilot.PX4,
    baseMode: minimal.MavModeFlag.CUSTOM_MODE_ENABLED | minimal.MavModeFlag.SAFETY_ARMED,
    customMode: state.mode, systemStatus: minimal.MavState.ACTIVE, mavlinkVersion: 3,
  }))
  const home = () => out(Object.assign(new common.HomePosition(), {
    latitude: Math.round(HOME.lat * 1e7), longitude: Math.round(HOME.lon * 1e7), altitude: HOME.alt * 1000, q: [1, 0, 0, 0],
  }))
  const origin = () => out(Object.assign(new common.GpsGlobalOrigin(), {
    latitude: Math.round(HOME.lat * 1e7), longitude: Math.round(HOME.lon * 1e7), altitude: HOME.alt * 1000,
  }))
  const telemetry = () => {
    const [lat, lon] = toLatLon(state.east, state.north)
    const hdg = Math.round(((state.yaw * 180 / Math.PI) % 360 + 360) % 360 * 100) % 36000
    out(Object.assign(new common.GlobalPositionInt(), {
      timeBootMs: Date.now() - boot, lat: Math.round(lat * 1e7), lon: Math.round(lon * 1e7),
      alt: Math.round((HOME.alt + state.up) * 1000), relativeAlt: Math.round(state.up * 1000), hdg,
    }))
    out(Object.assign(new common.Attitude(), { timeBootMs: Date.now() - boot, yaw: state.yaw }))
    if (state.mode === AUTO_MISSION) {
      out(Object.assign(new common.MissionCurrent(), { seq: state.current, total: state.mission.length }))
    }
  }
  const moveToward = (east, north, up, dt) => {
    const de = east - state.east, dn = north - state.north, du = up - state.up
    const d = Math.hypot(de, dn, du)
    const step = Math.min(d, SPEED * dt)
    if (d > 1e-9) {
      state.east += de / d * step; state.north += dn / d * step; state.up += du / d * step
      if (Math.hypot(de, dn) > 0.5) state.yaw = Math.atan2(de, dn)
    }
    return d - step
  }
  const physics = () => {
    const dt = 0.05
    if (state.mode === OFFBOARD && state.target) {
      moveToward(state.target.east, state.target.north, state.target.up, dt)
    } else if (state.mode === AUTO_MISSION && state.current < state.mission.length) {
      const it = state.mission[state.current]
      if (moveToward(it.east, it.north, it.up, dt) < 15 && it.command === 16) state.current++
    }
  }
  const timers = [setInterval(heartbeat, 500), setInterval(telemetry, 100), setInterval(physics, 50), setInterval(home, 1000)]
  heartbeat()

  reader.on('data', (packet) => {
    const clazz = REGISTRY[packet.header.msgid]
    if (!clazz) return
    const m = packet.protocol.data(packet.payload, clazz)
    switch (clazz) {
      case minimal.Heartbeat:
        seen.heartbeats++
        if (m.type !== minimal.MavType.ONBOARD_CONTROLLER || m.autopilot !== minimal.MavAutopilot.INVALID) {
          problem(`heartbeat type ${m.type} autopilot ${m.autopilot}: want an onboard controller`)
        }
        break
      case common.CommandLong: {
        seen.commands.push(m.command)
        let result = common.MavResult.ACCEPTED
        if (m.targetSystem !== 1) problem(`command ${m.command} for system ${m.targetSystem}`)
        if (m.command === common.MavCmd.DO_SET_MODE) {
          if (m._param1 !== 1) problem(`DO_SET_MODE param1 ${m._param1}: want the custom-mode flag`)
          const mode = (m._param2 << 16) | (m._param3 << 24)
          if (mode === OFFBOARD && !state.target) result = common.MavResult.TEMPORARILY_REJECTED
          else if (mode === AUTO_MISSION && state.mission.length === 0) result = common.MavResult.DENIED
          else { state.mode = mode; seen.modes.push(mode) }
        } else if (m.command === common.MavCmd.REQUEST_MESSAGE) {
          if (m._param1 === 242) home()
          if (m._param1 === 49) origin()
        }
        out(Object.assign(new common.CommandAck(), {
          command: m.command, result, targetSystem: packet.header.sysid, targetComponent: packet.header.compid,
        }))
        break
      }
      case common.SetPositionTargetGlobalInt: {
        seen.setpoints++
        const [east, north] = toEN(m.latInt / 1e7, m.lonInt / 1e7)
        if (m.coordinateFrame !== common.MavFrame.GLOBAL_RELATIVE_ALT_INT) problem(`setpoint frame ${m.coordinateFrame}`)
        if (m.typeMask !== 2552) problem(`setpoint type mask ${m.typeMask}: want position and yaw (2552)`)
        if (Math.hypot(east, north) > 2000 || !(m.alt > 0 && m.alt < 200)) problem(`setpoint ${east} E ${north} N ${m.alt} up`)
        if (!(Math.abs(m.yaw) <= Math.PI + 1e-6)) problem(`setpoint yaw ${m.yaw}`)
        state.target = { east, north, up: m.alt }
        seen.lastSetpoint = { east: +east.toFixed(3), north: +north.toFixed(3), up: m.alt, yaw: m.yaw, frame: m.coordinateFrame, mask: m.typeMask }
        break
      }
      case common.MissionCount:
        seen.missionCounts++
        if (m.missionType !== common.MavMissionType.MISSION || m.count < 2) problem(`mission count ${m.count} type ${m.missionType}`)
        state.upload = { items: [], count: m.count }
        out(Object.assign(new common.MissionRequestInt(), { seq: 0, targetSystem: packet.header.sysid, targetComponent: packet.header.compid }))
        break
      case common.MissionItemInt: {
        const up = state.upload
        if (!up) { problem('mission item without a count'); break }
        if (m.seq !== up.items.length) { problem(`mission item ${m.seq}, asked for ${up.items.length}`); break }
        if (m.frame !== common.MavFrame.GLOBAL_RELATIVE_ALT_INT || ![16, 17].includes(m.command)) problem(`item frame ${m.frame} command ${m.command}`)
        const [east, north] = toEN(m.x / 1e7, m.y / 1e7)
        if (Math.hypot(east, north) > 2000 || !(m.z > 0 && m.z < 500)) problem(`item ${east} E ${north} N ${m.z} up`)
        up.items.push({ east, north, up: m.z, command: m.command })
        seen.missionItems++
        if (seen.firstItem === null) seen.firstItem = { east: +east.toFixed(3), north: +north.toFixed(3), up: m.z, command: m.command }
        if (up.items.length < up.count) {
          out(Object.assign(new common.MissionRequestInt(), { seq: up.items.length, targetSystem: packet.header.sysid, targetComponent: packet.header.compid }))
        } else {
          state.mission = up.items; state.current = 0; state.upload = null; seen.missionsAccepted++
          out(Object.assign(new common.MissionAck(), { type: common.MavMissionResult.ACCEPTED, targetSystem: packet.header.sysid, targetComponent: packet.header.compid }))
        }
        break
      }
      case common.MissionSetCurrent:
        if (m.seq < state.mission.length) state.current = m.seq
        break
    }
  })

  sock.on('close', () => {
    timers.forEach(clearInterval)
    const flown = KIND === 'multirotor'
      ? seen.setpoints >= 10 && seen.modes.includes(OFFBOARD)
      : seen.missionsAccepted >= 1 && seen.modes.includes(AUTO_MISSION)
    seen.ok = seen.badCrc === 0 && seen.heartbeats > 0 && seen.problems.length === 0 && flown
    console.log(JSON.stringify(seen))
    process.exit(seen.ok ? 0 : 1)
  })
  sock.on('error', () => {})
})
server.listen(PORT, '127.0.0.1', () => console.error('listening'))
