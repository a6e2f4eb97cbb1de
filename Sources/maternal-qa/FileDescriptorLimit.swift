import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// Every open connection holds a file descriptor, and a soft limit of 1024 (a common default)
/// would refuse connections long before memory runs short: a server raises it to the hard limit.
enum FileDescriptorLimit {
    static func raiseToHardLimit(logger: Logger) {
        #if os(Linux)
            let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
            var limit = rlimit()
            guard getrlimit(resource, &limit) == 0 else { return }
            let before = limit.rlim_cur
            if limit.rlim_cur < limit.rlim_max {
                limit.rlim_cur = limit.rlim_max
                if setrlimit(resource, &limit) != 0 { limit.rlim_cur = before }
            }
            // Debug: start-up output stays the listening line and real problems.
            logger.debug(
                "open file limit",
                metadata: ["soft": "\(limit.rlim_cur)", "was": "\(before)", "hard": "\(limit.rlim_max)"])
        #endif
    }
}
