import Dispatch
import Synchronization

/// Hands items `0..<count` out, one at a time and in order, to `threads` workers: the calling
/// thread and `threads − 1` dispatched ones.
///
/// Items come from one atomic counter, so a slow item never leaves another worker idle. Which
/// worker does which item varies from run to run; callers make each item's result depend on
/// the item alone, which is what keeps their output identical on any number of threads.
enum WorkerPool {
  /// Runs `work(&state, item)` for every item and returns the workers' final states.
  ///
  /// Each worker has its own `state` (from `makeState`) that it carries from item to item; a
  /// worker stops taking items once `work` returns `false` (cancelled). `afterCallerItem` runs on the calling thread after each item
  /// it did (for progress). Returns the workers' final states, the calling thread's first.
  static func run<State: Sendable>(
    items count: Int, threads: Int, state makeState: @Sendable () -> State,
    work: @Sendable (inout State, Int) -> Bool, afterCallerItem: () -> Void = {}
  ) -> [State] {
    let workers = max(1, min(threads, count))
    let shared = Shared<State>(workers: workers)
    return withoutActuallyEscaping(makeState) { makeState in
      withoutActuallyEscaping(work) { work in
        let group = DispatchGroup()
        for w in 1..<workers {
          DispatchQueue.global().async(group: group) {
            shared.store(w, drain(count, shared, makeState(), work, after: {}))
          }
        }
        shared.store(0, drain(count, shared, makeState(), work, after: afterCallerItem))
        group.wait()
        return shared.states()
      }
    }
  }

  /// One worker's loop: takes items until none are left or `work` says stop.
  private static func drain<State>(
    _ count: Int, _ shared: Shared<State>, _ initial: State, _ work: (inout State, Int) -> Bool,
    after: () -> Void
  ) -> State {
    var state = initial
    while true {
      let item = shared.next.wrappingAdd(1, ordering: .relaxed).oldValue
      guard item < count, work(&state, item) else { return state }
      after()
    }
  }

  /// The counter and the workers' final states.
  private final class Shared<State: Sendable>: Sendable {
    let next = Atomic<Int>(0)
    private let slots: Mutex<[State?]>
    init(workers: Int) { slots = Mutex(Array(repeating: nil, count: workers)) }
    func store(_ worker: Int, _ state: State) { slots.withLock { $0[worker] = state } }
    func states() -> [State] { slots.withLock { $0.compactMap { $0 } } }
  }
}
