export const SERVE_USAGE = `plantwatch serve [--port N] [--host 127.0.0.1] [--endpoint opc.tcp://…] [--tagmap FILE] [--data-dir DIR]
                [--plant-port N] [--plant-speed N] [--plant-scenario FILE]
  Serves the HMI at http://HOST:PORT (default 127.0.0.1:5180, 0 = any free port) with the core
  in this process. Without --endpoint (or one stored in settings.json), starts the embedded demo
  plant; --plant-speed and --plant-scenario (e.g. resources/scenarios/demo-fast.json at 60) make
  it age faster and inject faults.`
