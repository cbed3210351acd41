import TandemStore

/// A submission with `promotedFrom` carries exactly the versions of that release: without `version` and `set`
/// they are filled in from it; versions that differ are refused (HTTP 422), as `release promote` never sends them.
/// Without `plan`, the plan stored with that release (content, path, commit) is the one released, as
/// `release promote` does locally.
enum PromotionSubmission {
    static func filled(_ submission: ReleaseSubmission, store: ReleaseStore) async throws -> ReleaseSubmission {
        guard let id = submission.promotedFrom else { return submission }
        let source: ReleaseRecord
        do { source = try await store.release(id) } catch {
            throw SubmissionError.invalidVersions("\"promotedFrom\": no release \(id) on this server")
        }
        var filled = submission
        if submission.plan.isEmpty {
            filled.plan = source.planContent
            filled.planPath = source.planPath
            filled.planCommit = source.planCommit
        }
        if submission.version == nil, submission.set == nil {
            filled.set = source.versions
            return filled
        }
        var given: [String: String] = submission.set ?? [:]
        if let version = submission.version {
            for service in source.versions.keys where given[service] == nil { given[service] = version }
        }
        guard given == source.versions else {
            throw SubmissionError.invalidVersions("\"promotedFrom\" \(id) released "
                + source.versions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
                + "; a promotion carries exactly those versions: leave \"version\" and \"set\" out")
        }
        return filled
    }
}
