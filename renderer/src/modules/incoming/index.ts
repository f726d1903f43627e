// The incoming pages live with the other documents pages (renderer/src/modules/documents/).
export { incomingModule } from '../documents/index';
