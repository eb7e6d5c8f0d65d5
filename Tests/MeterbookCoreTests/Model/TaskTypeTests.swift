import Testing

@testable import MeterbookCore

struct TaskTypeTests {
  @Test func indexIsThePositionInAllCases() {
    for (position, task) in TaskType.allCases.enumerated() {
      #expect(task.index == position)
    }
  }
}
