export { startAxisServer, AXIS_ORGAN_ID, type AxisServerHandle, type AxisServerOptions } from './server';
export { NO_FAULTS, type AxisFaults } from './faults';
