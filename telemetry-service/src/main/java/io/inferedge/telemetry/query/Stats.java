package io.inferedge.telemetry.query;

/**
 * Aggregates of a set of frames' outcomes: the trade-off table's columns.
 *
 * @param frames how many frames
 * @param latencyP50Micros median end-to-end latency (an observed value), null without frames
 * @param latencyP95Micros 95th percentile latency (an observed value), null without frames
 * @param latencyMeanMicros mean latency, null without frames
 * @param labelledFrames frames whose ground truth was known
 * @param accuracy correct / labelled frames, null when none was labelled
 * @param energyPerFrameMillijoules mean device energy (compute plus radio), null without frames
 * @param computeEnergyPerFrameMillijoules mean compute part
 * @param radioEnergyPerFrameMillijoules mean radio part
 * @param totalEnergyJoules the frames' device energy together
 * @param correctFramesPerJoule correct frames per joule of the labelled frames' energy, null when
 *     no labelled frame used energy
 * @param measuredFrames frames whose device energy is measured; the rest are emulated
 * @param energySource {@code MEASURED} or {@code EMULATED} when all frames agree, {@code MIXED}
 *     otherwise, null without frames
 */
record Stats(
    long frames,
    Long latencyP50Micros,
    Long latencyP95Micros,
    Double latencyMeanMicros,
    long labelledFrames,
    Double accuracy,
    Double energyPerFrameMillijoules,
    Double computeEnergyPerFrameMillijoules,
    Double radioEnergyPerFrameMillijoules,
    double totalEnergyJoules,
    Double correctFramesPerJoule,
    long measuredFrames,
    String energySource) {}
