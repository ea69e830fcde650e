export const SERVE_USAGE = `plantwatch serve [--port N] [--host 127.0.0.1] [--endpoint opc.tcp://…] [--tagmap FILE] [--data-dir DIR]
                [--user NAME] [--password-file FILE] [--plant-port N] [--plant-speed N] [--plant-scenario FILE]
                [--plant-schedule on|off] [--plant-prefill]
  Serves the HMI at http://HOST:PORT (default 127.0.0.1:5180, 0 = any free port) with the core
  in this process. Without --endpoint (or one stored in settings.json), starts the embedded demo
  plant; --plant-speed and --plant-scenario (e.g. resources/scenarios/demo-fast.json at 60) make
  it age faster and inject faults. The demo plant keeps a production schedule on local time:
  conveyors and crusher stop for the shift handovers at 07:00 and 19:00, run slower at night and
  on Saturday and stand idle on Sunday, with the odd short trip (a sped-up plant starts at the
  local time and its days pass at its speed). --plant-schedule off, or a scenario with
  "schedule": null, runs them around the clock. --plant-prefill: on a first start (no historian
  yet), write a week of the demo plant's physics into the historian first, on the same schedule,
  so trends have a past (a few seconds).
  --password-file reads the OPC UA user's password from FILE (one line; chmod 600 it) for the user
  in settings.json plant.user.username, or --user NAME; it is never stored. Without it, a password
  in settings.json is used as plain text: plain Node has no OS keychain, so settings.json is kept
  at mode 0600 and the log says the password is not encrypted (the desktop app encrypts it).`
