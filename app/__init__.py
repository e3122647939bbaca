"""The application: settings, store backends, ingest orchestration, the CLI and the
HTTP service. Only this package touches files, the network, the environment and the
command line; it drives ``extract`` and ``queries``, which never import it."""
