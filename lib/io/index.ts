/**
 * Files: configurations as extended XYZ (docs/design.md §9), the per-interaction table of
 * `softspot lhc`, first events as JSON, and atomic writes with errors in the user's terms.
 */
export { SPECIES_NAMES, type Configuration } from '../config.js';
export { XyzFormatError } from './errors.js';
export {
  readXyz, readXyzFrame, writeXyz, writeXyzFrame, configurationOfFrame, DEFAULT_MIN_SEPARATION, type ReadXyzOptions, type XyzFrame,
} from './xyz.js';
export { findClosePair3 } from './overlap3.js';
export { readXyzFile, writeXyzFile } from './xyz-file.js';
export { splitXyzFrames, type XyzFrameText } from './xyz-frames.js';
export { findClosePair, type ClosePair } from './overlap.js';
export { formatCsvNumber, formatNumber, parseDecimal } from './number.js';
export { formatLhcCsv, parseLhcCsv, LhcCsvError, type LhcTableColumns } from './lhc-csv.js';
export { parseEvents, parseEventsJson, readEvents, readEventsJson, EventsFormatError, type EventsRead } from './events-json.js';
export { writeFileAtomic } from './atomic.js';
export { FileWriteError, DISK_FULL_CODES, SYSTEM_ERROR_WORDS, codeOfMessage, isDiskFull, writeError, writeHint } from './write-error.js';
export { LammpsFormatError } from './errors.js';
export { type LammpsPairCoeffs, type LammpsSnapshot, type LammpsDimension } from './lammps-snapshot.js';
export { readLammpsData, LAMMPS_ATOM_STYLES, type ReadLammpsDataOptions } from './lammps-data.js';
export { formatLammpsData, type LammpsDataOptions } from './lammps-write.js';
export { GsdFile, GsdFormatError, gsdToConfiguration, readGsdFrame, type GsdFrame, type GsdToConfigurationOptions } from './gsd.js';
export { formatGsd, type GsdWriteOptions } from './gsd-write.js';
export { readLammpsDump, splitLammpsDumpFrames, LAMMPS_DUMP_COORDINATES, type LammpsDumpFrameText, type ReadLammpsDumpOptions } from './lammps-dump.js';
export { readLammpsDataFile, readLammpsDumpFile } from './lammps-file.js';
export { readFrameBytes, scanFrames, type FrameScan, type FrameSpan, type ScanFramesOptions, type TrajectoryFormat } from './frame-scan.js';
export { readTrajectoryFrame, type FrameSelection, type TrajectoryFrame } from './trajectory.js';
export { checkLammpsModel, lammpsToConfiguration, type LammpsToConfigurationOptions } from './lammps-config.js';
export { lammpsPairTable, type LammpsTable, type LammpsTableOptions } from './lammps-table.js';
export { formatParticleFieldsXyz, writeXyzWithColumns, xyzColumnName, type XyzColumn, type XyzColumnsOptions } from './particle-fields-xyz.js';
export { COMPRESSED_EXTENSION, CONFIGURATION_FORMATS, FORMAT_OF_EXTENSION, formatOfPath, isGlassFileName, type ConfigurationFormat } from './formats.js';
