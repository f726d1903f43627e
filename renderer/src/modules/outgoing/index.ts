// The outgoing pages live with the other documents pages (renderer/src/modules/documents/).
export { outgoingModule } from '../documents/index';
