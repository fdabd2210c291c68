{
  "targets": [
    {
      "target_name": "blas",
      "sources": ["blas.c"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "libraries": ["-lopenblas"]
    }
  ]
}
