"""Beyond one process: Dask-distributed ingestion into N-Quads shards (kg.scale.dask) and
pushing a store or shards into SPARQL servers (kg.scale.push). See docs/scaling.md."""
