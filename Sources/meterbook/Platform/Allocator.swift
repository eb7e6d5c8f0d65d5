#if canImport(Glibc)
  import Glibc
#endif

/// The C allocator tuned for what Meterbook does in a loop: build and drop cubes, bills and
/// call columns of a few to tens of megabytes, once per seed or per what-if.
///
/// By default glibc hands blocks above a threshold (128 KB, raised as they are freed) to
/// fresh `mmap`s, and gives a heap's free top back to the kernel past 128 KB. Each of 100
/// seeds then page-faults its cube in again: `perf` put a tenth of the 100-seed compare in
/// page faults and clearing pages. Keeping blocks up to 32 MB in the heap, and up to 256 MB
/// of free heap, took that stage from ~1.58 s to ~1.30 s (`meterbook bench`, release, 2 cores),
/// for some 20 MB more resident memory.
enum Allocator {
  static func tune() {
    #if canImport(Glibc)
      // `mallopt` is declared in <malloc.h>, which the Glibc module does not import; its
      // parameter numbers are glibc's ABI (malloc.h: M_TRIM_THRESHOLD -1, M_TOP_PAD -2,
      // M_MMAP_THRESHOLD -3). Without the symbol (another C library) nothing changes.
      typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
      guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "mallopt") else { return }
      let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
      _ = mallopt(-3, 32 << 20)
      _ = mallopt(-1, 256 << 20)
      _ = mallopt(-2, 16 << 20)
    #endif
  }
}
