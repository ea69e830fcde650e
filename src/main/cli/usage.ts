export const SERVE_USAGE = `plantwatch serve [--port N] [--host 127.0.0.1] [--endpoint opc.tcp://…] [--tagmap FILE] [--plant-port N] [--data-dir DIR]
  Serves the HMI at http://HOST:PORT (default 127.0.0.1:5180, 0 = any free port) with the core
  in this process. Without --endpoint (or one stored in settings.json), starts the embedded demo plant.`
