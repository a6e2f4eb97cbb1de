/// Numbers read as clinical findings: blood pressure in any notation (160/110, BP 165/112,
/// 高压160 低压110, 一百六十/一百一 once numerals are digits), temperature (38度5, 39℃, 101°F),
/// SpO2, breathing rate, fetal and maternal heart rate, contraction intervals, urine protein,
/// platelets, glucose and bile acids; and the stage numbers (孕32+3周, 7个月, 产后第5天).
/// Each finding becomes a hit at the number's anchor, so scope (如果…, 上次…已经正常了) applies
/// to numbers exactly as to words. Thresholds are those of the danger-sign policy in the README.
struct ClinicalReadings {
    struct StageNumber: Sendable {
        var weeksPregnant: Double?
        var daysPostpartum: Int?
        var position: Int
    }

    private(set) var hits: [ConceptScanner.Hit] = []
    private(set) var stageNumbers: [StageNumber] = []

    private let text: UnsafeBufferPointer<UInt32>

    init(text: UnsafeBufferPointer<UInt32>, words: [ConceptScanner.Hit]) {
        self.text = text
        for hit in words { readAfter(hit) }
        readBareNumbers(words: words)
    }

    private mutating func add(_ concept: Concept, at position: Int) {
        hits.append(
            ConceptScanner.Hit(concepts: ConceptSet([concept]), primary: concept, start: position, end: position + 1))
    }

    // MARK: - Readings after an anchor word

    private mutating func readAfter(_ hit: ConceptScanner.Hit) {
        let concepts = hit.concepts
        let at = hit.start
        if concepts.contains(.anchorBloodPressure) || concepts.contains(.anchorSystolic) {
            guard let first = number(after: hit.end, in: 30...300) else { return }
            var second: Double? = nil
            if let slash = nextNonSpace(from: first.end), slash < text.count, Self.pairSeparators.contains(text[slash])
            {
                second = Self.value(in: text, at: slash + 1)?.value
            }
            if concepts.contains(.anchorSystolic) {
                bloodPressure(systolic: first.value, diastolic: nil, at: at)
            } else {
                bloodPressure(systolic: first.value, diastolic: second, at: at)
            }
        } else if concepts.contains(.anchorDiastolic) {
            if let value = number(after: hit.end, in: 30...200)?.value {
                bloodPressure(systolic: nil, diastolic: value, at: at)
            }
        } else if concepts.contains(.anchorTemperature) {
            if let reading = number(after: hit.end, window: 8, in: 34...110),
                !(hit.end..<reading.end).contains(where: { Self.negations.contains(text[$0]) })
            {
                temperature(reading.value, unitAt: reading.end, at: at)
            }
        } else if concepts.contains(.anchorOxygen) {
            if let value = number(after: hit.end, in: 50...100)?.value, value < 95 { add(.lowOxygen, at: at) }
        } else if concepts.contains(.anchorBreathingRate) {
            if let value = number(after: hit.end, window: 8, in: 5...80)?.value, value > 24 {
                add(.fastBreathingRate, at: at)
            }
        } else if concepts.contains(.anchorFetalHeart) {
            if let value = number(after: hit.end, window: 24, in: 40...260, crossesCommas: true)?.value,
                value < 110 || value > 160
            {
                add(.fetalHeartAbnormal, at: at)
            }
        } else if concepts.contains(.anchorHeartRate) {
            if let value = number(after: hit.end, in: 30...250)?.value, value >= 120 { add(.fastHeartRate, at: at) }
        } else if concepts.contains(.anchorProtein) {
            if proteinPluses(after: hit.end) >= 2 { add(.proteinuria, at: at) }
        } else if concepts.contains(.anchorPlatelets) {
            if let value = number(after: hit.end, in: 1...1000)?.value, value < 100 { add(.plateletsLow, at: at) }
        } else if concepts.contains(.anchorGlucose) || concepts.contains(.anchorFastingGlucose) {
            guard let value = number(after: hit.end, in: 1...40)?.value else { return }
            let fasting = concepts.contains(.anchorFastingGlucose)
            if value < 3.3 || value >= 11.1 || (fasting && value >= 7.0) { add(.glucoseAbnormal, at: at) }
        } else if concepts.contains(.anchorBileAcids) {
            if let value = number(after: hit.end)?.value, value >= 10, value < 500 { add(.bileAcidsHigh, at: at) }
        } else if concepts.contains(.bleeding) || concepts.contains(.heavyBleeding) {
            // 出血约800ml: 500 ml or more is a haemorrhage.
            if let reading = number(after: hit.end, window: 8, in: 50...5000), reading.value >= 500,
                Self.bloodVolumeUnits.contains(where: { Self.has($0, in: text, at: reading.end) })
            {
                add(.heavyBleeding, at: at)
            }
        } else if concepts.contains(.contractions) {
            if contractionInterval(around: hit) { add(.frequentContractions, at: at) }
        }
    }

    private mutating func bloodPressure(systolic: Double?, diastolic: Double?, at position: Int) {
        let systolic = systolic.flatMap { (70...280).contains($0) ? $0 : nil }
        let diastolic = diastolic.flatMap { (30...180).contains($0) ? $0 : nil }
        if let systolic, let diastolic, diastolic >= systolic { return }
        if (systolic ?? 0) >= 160 || (diastolic ?? 0) >= 110 {
            add(.bpSevere, at: position)
        } else if (systolic ?? 0) >= 140 || (diastolic ?? 0) >= 90 {
            add(.bpHigh, at: position)
        }
    }

    /// 35-43 as Celsius, 95-110 followed by F as Fahrenheit.
    private mutating func temperature(_ raw: Double, unitAt end: Int, at position: Int) {
        // 体温不到38度 / 没超过38度: a bound denied, not a reading.
        var back = position - 1
        while back >= 0, back >= position - 4, !TextSegments.isClauseBreak(text, at: back) {
            if Self.negations.contains(text[back]) { return }
            back -= 1
        }
        var value = raw
        if raw >= 95, raw <= 110, let unit = nextNonSpace(from: end), unit < text.count,
            text[unit] == 0x66 || (text[unit] == 0xB0 && unit + 1 < text.count && text[unit + 1] == 0x66)
        {
            value = (raw - 32) * 5 / 9
        }
        if value >= 38, value <= 43 {
            add(.feverReading, at: position)
        } else if value >= 35.5, value < 38 {
            add(.normalTemperatureReading, at: position)
        }
        if value >= 30, value < 36 { add(.lowTemperatureReading, at: position) }
    }

    /// An interval of 10 minutes or less, or 4+ an hour, anywhere in the sentence of a contraction word.
    private func contractionInterval(around hit: ConceptScanner.Hit) -> Bool {
        var start = hit.start
        while start > 0, !TextSegments.isSentenceBreak(text, at: start - 1) { start -= 1 }
        var index = start
        while index < text.count, !TextSegments.isSentenceBreak(text, at: index) {
            if TextScalars.isDigit(text[index]), index == 0 || !TextScalars.isDigit(text[index - 1]),
                let reading = Self.value(in: text, at: index)
            {
                let after = reading.end
                if Self.minutes.contains(where: { Self.has($0, in: text, at: after) }), reading.value >= 1,
                    reading.value <= 10
                {
                    return true
                }
                if Self.has(Self.timesPerHour, in: text, at: after), reading.value >= 4,
                    index >= 2, Self.has(Self.hourBefore, in: text, at: index - 2)
                {
                    return true
                }
                index = after
                continue
            }
            index += 1
        }
        return false
    }

    private func proteinPluses(after end: Int) -> Int {
        var index = end
        var limit = end + 6
        while index < text.count, index < limit, !TextSegments.isSentenceBreak(text, at: index) {
            let scalar = text[index]
            if scalar == 0x2B {  // +
                var count = 0
                while index < text.count, text[index] == 0x2B {
                    count += 1
                    index += 1
                }
                if index > end, TextScalars.isDigit(text[index - count - 1]) {
                    return Int(text[index - count - 1] - 0x30)
                }
                return count
            }
            if TextScalars.isDigit(scalar), index + 1 < text.count, text[index + 1] == 0x4E2A || text[index + 1] == 0x2B
            {
                return Int(scalar - 0x30)  // 2个加号 / 2+
            }
            if scalar == 0x20 || scalar == 0x3A || scalar == 0xFF1A { limit += 1 }
            index += 1
        }
        return 0
    }

    // MARK: - Numbers without an anchor word

    private mutating func readBareNumbers(words: [ConceptScanner.Hit]) {
        var index = 0
        while index < text.count {
            // 32+3周: the days after the plus are not a number of their own.
            guard TextScalars.isDigit(text[index]),
                index == 0 || !(Self.isNumberScalar(text[index - 1]) || text[index - 1] == 0x2B),
                let reading = Self.value(in: text, at: index)
            else {
                index += 1
                continue
            }
            let after = reading.end
            // 160/110 with no word before it: blood pressure when the numbers can only be that.
            if after < text.count, Self.pairSeparators.contains(text[after]), text[after] != 0x6BD4,
                let second = Self.value(in: text, at: after + 1), reading.value >= 90, reading.value <= 280,
                second.value >= 50, second.value <= 180, second.value < reading.value
            {
                bloodPressure(systolic: reading.value, diastolic: second.value, at: index)
                index = second.end
                continue
            }
            if let unit = nextNonSpace(from: after), unit < text.count, Self.temperatureUnits.contains(text[unit]),
                !sentenceMentionsWeather(around: index)
            {
                temperature(reading.value + decimalAfterDegree(unit), unitAt: after, at: index)
            } else if after - index == 4, text[index + 2] == 0x2E, reading.value >= 37.5, reading.value <= 42.5 {
                temperature(reading.value, unitAt: after, at: index)  // 孕晚期 38.2: a body temperature by its form
            }
            stageNumber(reading.value, at: index, end: after)
            index = after
        }
    }

    /// 外面40度, 屋里开空调: a bare number of degrees in a sentence about the weather is not her temperature.
    private func sentenceMentionsWeather(around position: Int) -> Bool {
        var start = position
        while start > 0, !TextSegments.isSentenceBreak(text, at: start - 1) { start -= 1 }
        var end = position
        while end < text.count, !TextSegments.isSentenceBreak(text, at: end) { end += 1 }
        for index in start..<end
        where Self.weatherWords.contains(where: { ConceptScanner.text(text, has: $0, at: index) }) {
            return true
        }
        return false
    }

    /// 38度5: the digit after 度 is the tenths.
    private func decimalAfterDegree(_ unit: Int) -> Double {
        guard text[unit] == 0x5EA6, unit + 1 < text.count, TextScalars.isDigit(text[unit + 1]),
            unit + 2 >= text.count || !TextScalars.isDigit(text[unit + 2])
        else { return 0 }
        return Double(text[unit + 1] - 0x30) / 10
    }

    private mutating func stageNumber(_ value: Double, at start: Int, end: Int) {
        let weeksFollow =
            Self.has(Self.week, in: text, at: end) || Self.has(Self.weekPlus, in: text, at: end)
            || Self.hasWeekPlusDays(text, at: end) || Self.has(Self.englishWeeks, in: text, at: end)
        let monthsFollow = Self.has(Self.months, in: text, at: end) || Self.has(Self.month, in: text, at: end)
        let daysFollow = Self.has(Self.day, in: text, at: end)
        let pregnantBefore = Self.cue(Self.pregnancyWords, before: start, in: text)
        let postpartumBefore = Self.cue(Self.postpartumWords, before: start, in: text)
        // A gestational age or a day after birth names one woman's case, not a question in general.
        defer { if stageNumbers.last?.position == start { add(.specificCase, at: start) } }
        if postpartumBefore, daysFollow || weeksFollow || monthsFollow {
            let days = daysFollow ? value : (weeksFollow ? value * 7 : value * 30)
            stageNumbers.append(StageNumber(weeksPregnant: nil, daysPostpartum: Int(days), position: start))
        } else if weeksFollow, value >= 3, value <= 43 {
            stageNumbers.append(StageNumber(weeksPregnant: value, daysPostpartum: nil, position: start))
        } else if monthsFollow, pregnantBefore, value >= 1, value <= 10 {
            stageNumbers.append(StageNumber(weeksPregnant: value * 4.3, daysPostpartum: nil, position: start))
        }
    }

    // MARK: - Number reading

    /// The first number within `window` scalars after `start`, skipping numbers that are times
    /// (2小时, 20分钟) and never crossing a sentence or comma; a colon or space is fine (BP: 160/110).
    /// Numbers outside `range` are skipped too (听了1下，胎心190: the 1 is not a heart rate);
    /// `crossesCommas` lets a reading follow its word in the next clause (胎心，只有100左右).
    private func number(
        after start: Int, window: Int = 10, in range: ClosedRange<Double> = 0...1000, crossesCommas: Bool = false
    ) -> (value: Double, end: Int)? {
        var index = start
        while index < text.count, index < start + window {
            let scalar = text[index]
            if TextSegments.isSentenceBreak(text, at: index) { return nil }
            if !crossesCommas, scalar == 0x2C || scalar == 0xFF0C { return nil }
            if TextScalars.isDigit(scalar), let reading = Self.value(in: text, at: index) {
                if Self.timeUnits.contains(where: { Self.has($0, in: text, at: reading.end) })
                    || !range.contains(reading.value)
                {
                    index = reading.end
                    continue
                }
                return reading
            }
            index += 1
        }
        return nil
    }

    private func nextNonSpace(from index: Int) -> Int? {
        var index = index
        while index < text.count, text[index] == 0x20 { index += 1 }
        return index
    }

    /// Digits with an optional decimal part (38.5, 38点5).
    static func value(in text: UnsafeBufferPointer<UInt32>, at start: Int) -> (value: Double, end: Int)? {
        var index = start
        while index < text.count, text[index] == 0x20 { index += 1 }
        var whole = 0.0
        var digits = 0
        while index < text.count, TextScalars.isDigit(text[index]), digits < 6 {
            whole = whole * 10 + Double(text[index] - 0x30)
            index += 1
            digits += 1
        }
        guard digits > 0 else { return nil }
        if index + 1 < text.count, text[index] == 0x2E || text[index] == 0x70B9, TextScalars.isDigit(text[index + 1]) {
            var scale = 0.1
            index += 1
            while index < text.count, TextScalars.isDigit(text[index]) {
                whole += Double(text[index] - 0x30) * scale
                scale /= 10
                index += 1
            }
        }
        return (whole, index)
    }

    @inline(__always)
    private static func isNumberScalar(_ scalar: UInt32) -> Bool { TextScalars.isDigit(scalar) || scalar == 0x2E }

    private static func has(_ pattern: [UInt32], in text: UnsafeBufferPointer<UInt32>, at start: Int) -> Bool {
        var index = start
        while index < text.count, text[index] == 0x20 { index += 1 }
        return ConceptScanner.text(text, has: pattern, at: index)
    }

    /// 32+3 (weeks plus days).
    private static func hasWeekPlusDays(_ text: UnsafeBufferPointer<UInt32>, at index: Int) -> Bool {
        index + 1 < text.count && text[index] == 0x2B && TextScalars.isDigit(text[index + 1])
    }

    /// One of `words` ends within the 4 scalars before `start`.
    private static func cue(_ words: [[UInt32]], before start: Int, in text: UnsafeBufferPointer<UInt32>) -> Bool {
        var end = start - 1
        while end >= 0, end >= start - 4 {
            if words.contains(where: { ConceptScanner.text(text, has: $0, endingAt: end) }) { return true }
            end -= 1
        }
        return false
    }

    private static func scalars(_ text: String) -> [UInt32] { TextScalars.normalizedScalars(text) }

    /// / 比 \ - between two numbers of a pair (160/110, 160比110).
    private static let pairSeparators: Set<UInt32> = [0x2F, 0x6BD4, 0x5C, 0x2D]
    private static let negations: Set<UInt32> = [0x4E0D, 0x6CA1, 0x672A, 0x65E0]  // 不 没 未 无
    private static let temperatureUnits: Set<UInt32> = [0x5EA6, 0x2103, 0xB0]  // 度 ℃ °
    private static let minutes = ["分钟", "min", "分"].map(scalars)
    private static let timesPerHour = scalars("次")
    private static let hourBefore = scalars("小时")
    private static let timeUnits = ["小时", "个小时", "分钟", "点钟", "h ", "hr", "hour", "min", "天", "岁", "周", "个月"].map(
        scalars)
    private static let weatherWords = ["天气", "气温", "室温", "外面", "屋里", "空调", "高温", "weather", "outside"].map(scalars)
    private static let bloodVolumeUnits = ["ml", "毫升", "cc"].map(scalars)
    private static let week = scalars("周")
    private static let weekPlus = scalars("w")
    private static let englishWeeks = scalars("week")
    private static let months = scalars("个月")
    private static let month = scalars("月")
    private static let day = scalars("天")
    private static let pregnancyWords = ["孕", "怀孕", "怀了", "pregnant"].map(scalars)
    private static let postpartumWords = [
        "产后", "产后第", "生完", "生了", "剖完", "出生", "出生第", "宝宝", "月子第", "分娩后", "剖腹产后", "顺产后",
    ]
    .map(scalars)
}
